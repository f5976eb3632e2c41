using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>Timer schedules are read as the host's TimerSchedule.Create reads them.</summary>
public sealed class FunctionScheduleTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 10, 250, DateTimeKind.Utc);
    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    [Theory]
    [InlineData("*/10 * * * * *")]
    [InlineData("*/30 * * * * *")]
    [InlineData("* * * * * *")]
    public void A_schedule_firing_more_than_once_a_minute_is_not_monitored(string expression) =>
        Assert.False(FunctionSchedule.Create("Timer", new TimerTriggerAttribute(expression), NoSettings, Now).Monitored);

    [Theory]
    [InlineData("0 * * * * *")]
    [InlineData("0 */5 * * * *")]
    [InlineData("* */20 * * * *")]
    [InlineData("0 0 3 * * *")]
    public void A_schedule_firing_at_most_once_a_minute_is_monitored(string expression) =>
        Assert.True(FunctionSchedule.Create("Timer", new TimerTriggerAttribute(expression), NoSettings, Now).Monitored);

    [Fact]
    public void UseMonitor_false_turns_monitoring_off() =>
        Assert.False(FunctionSchedule.Create("Timer", new TimerTriggerAttribute("0 0 3 * * *") { UseMonitor = false }, NoSettings, Now).Monitored);

    [Fact]
    public void A_TimeSpan_schedule_is_refused_because_Flex_Consumption_does_not_run_it()
    {
        var refused = Assert.Throws<LocalHostStartupException>(() => FunctionSchedule.Create("Timer", new TimerTriggerAttribute("00:05:00"), NoSettings, Now));

        Assert.Contains("App Service plan", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_five_field_cron_expression_is_refused() =>
        Assert.Throws<LocalHostStartupException>(() => FunctionSchedule.Create("Timer", new TimerTriggerAttribute("*/5 * * * *"), NoSettings, Now));
}
