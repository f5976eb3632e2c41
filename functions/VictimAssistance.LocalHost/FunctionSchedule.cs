using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace VictimAssistance.LocalHost;

/// <summary>
/// A timer trigger's schedule as the host's TimerSchedule.Create reads it: every <c>%Setting%</c> resolved, a
/// six-field NCRONTAB expression, and schedule monitoring (persisted ScheduleStatus, past-due runs) turned off
/// when UseMonitor is false or the schedule fires more than once a minute (ShouldDisableScheduleMonitor).
/// </summary>
public sealed record FunctionSchedule(string Expression, CrontabSchedule Cron, bool Monitored, bool RunOnStartup)
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    public DateTime NextAfter(DateTime time) => Cron.GetNextOccurrence(time);

    public static FunctionSchedule Create(string functionName, TimerTriggerAttribute trigger, IConfiguration configuration, DateTime now)
    {
        var expression = SettingTokens.Resolve(trigger.Schedule, configuration);
        var cron = CrontabSchedule.TryParse(expression, WithSeconds);
        if (cron is null)
        {
            var reason = TimeSpan.TryParse(expression, System.Globalization.CultureInfo.InvariantCulture, out _)
                ? "a TimeSpan schedule runs only on an App Service plan, and this app runs on Flex Consumption"
                : "it is not a six-field NCRONTAB expression (seconds first)";
            throw new LocalHostStartupException($"Function {functionName}: schedule '{expression}' is refused: {reason}.");
        }

        return new FunctionSchedule(expression, cron, trigger.UseMonitor && !FiresMoreThanOnceAMinute(expression, cron, now), trigger.RunOnStartup);
    }

    // Only "X * * * * *" can fire more than once a minute; then its seconds field decides.
    private static bool FiresMoreThanOnceAMinute(string expression, CrontabSchedule cron, DateTime now) =>
        expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).All(field => field == "*")
        && cron.GetNextOccurrences(now, now.AddMinutes(1)).Skip(1).Any();
}
