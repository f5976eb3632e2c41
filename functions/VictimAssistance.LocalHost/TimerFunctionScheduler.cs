using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Runs one timer-triggered function as the host's TimerListener does, in UTC as in Azure: at start, one run
/// with IsPastDue when a monitored schedule missed an occurrence while nothing ran, otherwise one run if
/// RunOnStartup; then each occurrence, the next one computed from when a run ends, so occurrences missed while a
/// run was late are skipped rather than replayed back to back. ScheduleStatus is given to the function only when
/// the schedule is monitored (null otherwise), and a failed run is logged and the schedule goes on.
/// </summary>
public sealed partial class TimerFunctionScheduler(
    HostedFunction function,
    FunctionSchedule schedule,
    ScheduleMonitor monitor,
    FunctionInvoker invoker,
    IEnumerable<IListenerObserver> observers,
    TimeProvider time,
    ILogger<TimerFunctionScheduler> logger) : BackgroundService
{
    // TimerListener's longest single timer interval; a longer wait is taken in several.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(24);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host never runs a start-up invocation inside its own start.
        await Task.Yield();
        try
        {
            var now = Now();
            var (status, isPastDue) = schedule.Monitored
                ? await CheckPastDueAsync(now, stoppingToken).ConfigureAwait(false)
                : (Unrecorded(now), false);
            if (isPastDue || schedule.RunOnStartup)
            {
                LogUnscheduledRun(logger, function.Name, isPastDue ? "IsPastDue" : "RunOnStartup");
                status = await RunAsync(status, now, isPastDue, scheduled: false, stoppingToken).ConfigureAwait(false);
            }

            while (true)
            {
                for (var wait = status.Next - Now(); wait > TimeSpan.Zero; wait = status.Next - Now())
                {
                    var waiting = Task.Delay(wait < LongestWait ? wait : LongestWait, time, stoppingToken);
                    foreach (var observer in observers)
                    {
                        observer.OnTimerWaiting(function.Name, status.Next);
                    }

                    await waiting.ConfigureAwait(false);
                }

                status = await RunAsync(status, Now(), isPastDue: false, scheduled: true, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<ScheduleStatus> RunAsync(ScheduleStatus status, DateTime invokedAt, bool isPastDue, bool scheduled, CancellationToken stoppingToken)
    {
        var timer = new TimerInfo { ScheduleStatus = schedule.Monitored ? status : null, IsPastDue = isPastDue };
        try
        {
            await invoker.InvokeAsync(function, new InvocationInput(stoppingToken, Timer: timer)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // as in the Functions host, a failed run is logged and the next one is scheduled
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogRunFailed(logger, function.Name, exception);
        }

        // A scheduled run that fired a little early counts from its occurrence, so that occurrence is not run twice.
        var from = scheduled && status.Next > invokedAt ? status.Next : invokedAt;
        var next = new ScheduleStatus { Last = from, Next = schedule.NextAfter(from), LastUpdated = from };
        if (schedule.Monitored)
        {
            await RecordAsync(next, stoppingToken).ConfigureAwait(false);
        }

        return next;
    }

    // As the host's GetSafeStatusAsync: storage that does not answer at start leaves the timer running unrecorded.
    private async Task<(ScheduleStatus Status, bool IsPastDue)> CheckPastDueAsync(DateTime now, CancellationToken stoppingToken)
    {
        try
        {
            return await monitor.CheckPastDueAsync(function.Name, now, schedule, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, stoppingToken))
        {
            LogStatusNotRead(logger, function.Name, exception.GetType().Name);
            return (Unrecorded(now), false);
        }
    }

    private ScheduleStatus Unrecorded(DateTime now) => new() { Next = schedule.NextAfter(now) };

    private async Task RecordAsync(ScheduleStatus status, CancellationToken stoppingToken)
    {
        try
        {
            await monitor.UpdateStatusAsync(function.Name, status, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, stoppingToken))
        {
            LogStatusNotRecorded(logger, function.Name, exception.GetType().Name);
        }
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer function {Function} runs now ({Reason}).")]
    private static partial void LogUnscheduledRun(ILogger logger, string function, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed.")]
    private static partial void LogRunFailed(ILogger logger, string function, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schedule status of timer function {Function} could not be read ({ExceptionType}); a missed occurrence is not run.")]
    private static partial void LogStatusNotRead(ILogger logger, string function, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schedule status of timer function {Function} was not recorded ({ExceptionType}).")]
    private static partial void LogStatusNotRecorded(ILogger logger, string function, string exceptionType);
}
