using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;
using VictimAssistance.Tests.Notifications;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Erasure;

/// <summary>The retention timer's sweep on the Core with a fake clock: a closed case is erased once its years after closing have passed.</summary>
public sealed class RetentionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Caseworker = new("retention-caseworker", Roles.Caseworker, new OrganizationScope("org-retention"));

    [Fact]
    public async Task A_case_closed_the_default_seven_years_ago_is_erased_by_the_sweep_and_one_closed_a_day_later_is_kept()
    {
        var start = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString, collection => collection.AddSingleton<TimeProvider>(clock));
        var cases = services.GetRequiredService<CaseService>();
        var sweep = services.GetRequiredService<RetentionSweep>();
        var early = await ClosedCaseAsync(services);
        clock.Advance(TimeSpan.FromDays(1));
        var late = await ClosedCaseAsync(services);

        clock.SetUtcNow(start.AddYears(new RetentionOptions().ClosedCaseYears));
        var firstRun = await sweep.RunAsync(CancellationToken.None);

        Assert.Equal(1, firstRun);
        var gone = await cases.GetAsync(Caseworker, early, CancellationToken.None);
        Assert.Equal(ProblemKind.Gone, gone.Problem?.Kind);
        Assert.Equal(RetentionSweep.Actor, gone.Problem!.Members!["erasedBy"]);
        Assert.Null((await cases.GetAsync(Caseworker, late, CancellationToken.None)).Problem);
        Assert.Equal(0, await sweep.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task With_zero_years_no_closed_case_is_ever_erased()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var services = await CoreOnAzurite.StartAsync(
            azurite.ConnectionString,
            collection => collection.AddSingleton<TimeProvider>(clock),
            new Dictionary<string, string?> { ["Retention:ClosedCaseYears"] = "0" });
        var closed = await ClosedCaseAsync(services);

        clock.Advance(TimeSpan.FromDays(365 * 100));

        Assert.Equal(0, await services.GetRequiredService<RetentionSweep>().RunAsync(CancellationToken.None));
        Assert.Null((await services.GetRequiredService<CaseService>().GetAsync(Caseworker, closed, CancellationToken.None)).Problem);
    }

    /// <summary>A case registered and closed now, its follow-up work done.</summary>
    private async Task<string> ClosedCaseAsync(IServiceProvider services)
    {
        var cases = services.GetRequiredService<CaseService>();
        var details = System.Text.Json.JsonSerializer.Deserialize(CaseSamples.Registration(referralConsent: false).ToJsonString(), CaseJson.Api.CaseDetails)!;
        var registered = await cases.RegisterAsync(Caseworker, details, idempotencyKey: null, CancellationToken.None);
        Assert.Null(registered.Problem);
        var caseId = registered.Value!.Case.CaseId;
        var closed = await cases.CloseAsync(Caseworker, caseId, ifMatch: null, new CloseCaseRequest("moved away"), CancellationToken.None);
        Assert.Null(closed.Problem);
        await new CoreQueues(azurite, services).DrainAsync(twiceAtOnce: false);
        return caseId;
    }
}
