using Microsoft.Azure.Functions.Worker;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>The timer functions the scheduler tests run; each run's TimerInfo is recorded.</summary>
public sealed class TimerProbeFunctions(Recorded<TimerInfo> runs)
{
    /// <summary>Every minute, the minutes field coming from a setting inside a longer expression.</summary>
    [Function("EveryMinute")]
    public void EveryMinute([TimerTrigger("0 %Tests:Minutes% * * * *")] TimerInfo timer) => runs.Add(timer);

    [Function("EveryTenSeconds")]
    public void EveryTenSeconds([TimerTrigger("*/10 * * * * *")] TimerInfo timer) => runs.Add(timer);

    [Function("HourlyAndOnStartup")]
    public void HourlyAndOnStartup([TimerTrigger("0 0 * * * *", RunOnStartup = true)] TimerInfo timer) => runs.Add(timer);
}
