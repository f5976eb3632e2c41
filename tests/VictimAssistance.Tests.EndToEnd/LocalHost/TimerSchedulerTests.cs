using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>The LocalHost's timer trigger behaves as the host's TimerListener does, on fake time and a real Azurite.</summary>
public sealed class TimerSchedulerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset HalfPastMidnight = new(2026, 1, 1, 0, 0, 30, TimeSpan.Zero);

    private static DateTime At(int minute, int second = 0) => new(2026, 1, 1, 0, minute, second, DateTimeKind.Utc);

    [Fact]
    public async Task A_schedule_with_a_setting_inside_it_runs_on_each_occurrence_with_its_schedule_status()
    {
        await using var harness = new SchedulerHarness(azurite, "EveryMinute", HalfPastMidnight);
        await harness.StartAsync();

        Assert.Equal(At(1), await harness.WaitingAsync(1));
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(At(2), await harness.WaitingAsync(2));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.WaitingAsync(3);

        Assert.Equal("0 */1 * * * *", harness.Schedule.Expression);
        Assert.Collection(
            harness.Runs.Items,
            first =>
            {
                Assert.False(first.IsPastDue);
                Assert.Equal(At(1), first.ScheduleStatus!.Next);
            },
            second =>
            {
                Assert.Equal(At(1), second.ScheduleStatus!.Last);
                Assert.Equal(At(2), second.ScheduleStatus.Next);
            });
    }

    [Fact]
    public async Task A_schedule_that_fires_more_than_once_a_minute_is_not_monitored_and_gives_no_schedule_status()
    {
        await using var harness = new SchedulerHarness(azurite, "EveryTenSeconds", HalfPastMidnight);
        await harness.StartAsync();

        await harness.WaitingAsync(1);
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await harness.WaitingAsync(2);

        Assert.False(harness.Schedule.Monitored);
        Assert.Null(harness.Runs.Items.Single().ScheduleStatus);
    }

    [Fact]
    public async Task Occurrences_missed_while_the_host_was_down_give_one_past_due_run_at_start_then_the_regular_schedule()
    {
        await using var harness = new SchedulerHarness(azurite, "EveryMinute", HalfPastMidnight);
        await harness.StartAsync();
        await harness.WaitingAsync(1);
        await harness.StopAsync();

        harness.Time.Advance(TimeSpan.FromMinutes(10));
        harness.Restart();
        await harness.StartAsync();
        Assert.Equal(At(11), await harness.WaitingAsync(2));
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.WaitingAsync(3);

        Assert.Collection(
            harness.Runs.Items,
            pastDue =>
            {
                Assert.True(pastDue.IsPastDue);
                Assert.Equal(At(1), pastDue.ScheduleStatus!.Next);
            },
            regular =>
            {
                Assert.False(regular.IsPastDue);
                Assert.Equal(At(11), regular.ScheduleStatus!.Next);
            });
    }

    [Fact]
    public async Task A_late_wake_up_runs_once_and_skips_the_missed_occurrences_instead_of_replaying_them()
    {
        await using var harness = new SchedulerHarness(azurite, "EveryMinute", HalfPastMidnight);
        await harness.StartAsync();
        await harness.WaitingAsync(1);

        harness.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(At(6), await harness.WaitingAsync(2));
        Assert.Single(harness.Runs.Items);
    }

    [Fact]
    public async Task RunOnStartup_runs_once_at_start_before_the_first_occurrence()
    {
        await using var harness = new SchedulerHarness(azurite, "HourlyAndOnStartup", HalfPastMidnight);
        await harness.StartAsync();

        Assert.Equal(new DateTime(2026, 1, 1, 1, 0, 0, DateTimeKind.Utc), await harness.WaitingAsync(1));

        var run = harness.Runs.Items.Single();
        Assert.False(run.IsPastDue);
        Assert.True(harness.Schedule.RunOnStartup);
    }
}
