using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Telemetry;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Intake;

/// <summary>The counts of held submissions, and the alert while one waits longer than <c>Intake:HeldAlertAfter</c>.</summary>
public sealed class HeldSubmissionWatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_held_submission_older_than_the_alert_age_is_counted_as_overdue_with_the_metric_and_a_warning_naming_no_value()
    {
        var organization = $"org-held-{Guid.NewGuid():N}";
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var logs = new CapturedLogs();
        await using var services = await StartAsync(clock, logs);
        await HoldAsync(services, organization);
        await HoldAsync(services, organization);
        clock.Advance(TimeSpan.FromDays(1));
        await HoldAsync(services, organization);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        using var recorded = new OverdueMetric(organization);

        var figures = await services.GetRequiredService<HeldSubmissionWatch>().AlertOverdueAsync(CancellationToken.None);

        var mine = Assert.Single(figures.Organizations, item => item.Organization == organization);
        Assert.Equal((3, 2), (mine.Held, mine.Overdue));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero), mine.OldestReceivedAt);
        Assert.Equal(2, recorded.Total);
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(organization, StringComparison.Ordinal));
        Assert.DoesNotContain("secretvalue", logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_submissions_younger_than_the_alert_age_raise_no_alert()
    {
        var organization = $"org-held-{Guid.NewGuid():N}";
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        await using var services = await StartAsync(clock, new CapturedLogs());
        await HoldAsync(services, organization);
        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        using var recorded = new OverdueMetric(organization);

        var figures = await services.GetRequiredService<HeldSubmissionWatch>().AlertOverdueAsync(CancellationToken.None);

        var mine = Assert.Single(figures.Organizations, item => item.Organization == organization);
        Assert.Equal((1, 0), (mine.Held, mine.Overdue));
        Assert.Equal(0, recorded.Total);
    }

    [Fact]
    public async Task A_submission_delivered_again_keeps_the_time_it_was_first_held_so_the_alert_counts_from_then()
    {
        var organization = $"org-held-{Guid.NewGuid():N}";
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        await using var services = await StartAsync(clock, new CapturedLogs());
        var submission = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        submission["survivor/sex"] = "secretvalue_sex";
        var intake = services.GetRequiredService<IntakeService>();
        await intake.TakeInAsync(organization, submission, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3));

        await intake.TakeInAsync(organization, submission, CancellationToken.None);
        var figures = await services.GetRequiredService<HeldSubmissionWatch>().FiguresAsync(CancellationToken.None);

        var mine = Assert.Single(figures.Organizations, item => item.Organization == organization);
        Assert.Equal((1, 1), (mine.Held, mine.Overdue));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero), mine.OldestReceivedAt);
    }

    private Task<ServiceProvider> StartAsync(TimeProvider time, CapturedLogs logs) =>
        CoreOnAzurite.StartAsync(azurite.ConnectionString, services => services.AddSingleton(time).AddLogging(logging => logging.AddProvider(logs)));

    private static async Task HoldAsync(IServiceProvider services, string organization)
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        submission["survivor/sex"] = "secretvalue_sex";
        var taken = await services.GetRequiredService<IntakeService>().TakeInAsync(organization, submission, CancellationToken.None);
        Assert.NotNull(taken.Value?.HoldId);
    }

    /// <summary>What <c>va.intake.held.overdue</c> recorded for one organisation while this listener lived.</summary>
    private sealed class OverdueMetric : IDisposable
    {
        private readonly MeterListener listener = new();
        private long total;

        public OverdueMetric(string organization)
        {
            listener.InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument == AppTelemetry.HeldSubmissionsOverdue)
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "organization" && (string?)tag.Value == organization)
                    {
                        Interlocked.Add(ref total, value);
                    }
                }
            });
            listener.Start();
        }

        public long Total => Interlocked.Read(ref total);

        public void Dispose() => listener.Dispose();
    }
}

/// <summary>GET /api/operations/intake/held over HTTP.</summary>
public sealed class HeldSubmissionFiguresTests(IntakeHostFixture host) : IClassFixture<IntakeHostFixture>
{
    [Fact]
    public async Task An_admin_sees_the_counts_of_held_submissions_and_no_value()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        submission["survivor/sex"] = "secretvalue_sex";
        using var held = await host.Client.PostSubmissionAsync(submission);
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        using var admin = host.ClientFor(Roles.Admin);

        var figures = (await admin.GetFromJsonAsync<JsonObject>("/api/operations/intake/held"))!;

        var organization = Assert.Single(figures["organizations"]!.AsArray(), item => (string)item!["organization"]! == KoboSamples.Organization)!;
        Assert.True((int)organization["held"]! >= 1);
        Assert.Equal("2.00:00:00", (string)figures["overdueAfter"]!);
        Assert.DoesNotContain("secretvalue", figures.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caseworker_may_not_read_the_figures()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);

        using var response = await caseworker.GetAsync("/api/operations/intake/held");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
