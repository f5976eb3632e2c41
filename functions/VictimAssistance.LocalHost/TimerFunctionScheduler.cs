using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace VictimAssistance.LocalHost;

/// <summary>Runs one timer-triggered function on its six-field NCRONTAB schedule (%Setting% resolved from configuration).</summary>
public sealed partial class TimerFunctionScheduler(
    HostedFunction function,
    FunctionInvoker invoker,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<TimerFunctionScheduler> logger) : BackgroundService
{
    public static string ResolveSchedule(string schedule, IConfiguration configuration)
    {
        if (schedule.Length > 2 && schedule.StartsWith('%') && schedule.EndsWith('%'))
        {
            var setting = schedule[1..^1];
            return configuration[setting] ?? throw new InvalidOperationException($"Timer schedule setting '{setting}' is not configured.");
        }

        return schedule;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var trigger = (TimerTriggerAttribute)function.Trigger;
        var schedule = CrontabSchedule.Parse(ResolveSchedule(trigger.Schedule, configuration), new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var last = time.GetUtcNow().UtcDateTime;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(last);
            var wait = next - time.GetUtcNow().UtcDateTime;
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }

                var status = new ScheduleStatus { Last = last, Next = schedule.GetNextOccurrence(next), LastUpdated = time.GetUtcNow().UtcDateTime };
                await invoker.InvokeAsync(function, new InvocationInput(stoppingToken, Timer: new TimerInfo { ScheduleStatus = status })).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // as in the Functions host, a failed run is logged and the next one is scheduled
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogRunFailed(logger, function.Name, exception);
            }

            last = next;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed.")]
    private static partial void LogRunFailed(ILogger logger, string function, Exception exception);
}
