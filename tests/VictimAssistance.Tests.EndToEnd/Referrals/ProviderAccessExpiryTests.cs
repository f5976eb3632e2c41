using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;
using VictimAssistance.Tests.Notifications;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Referrals;

/// <summary>
/// The end of provider access after completion, on the Core on Azurite with a FakeTimeProvider: reads refuse the
/// referral as soon as the period is over, and the timer then records why and when, and removes the snapshot.
/// </summary>
public sealed class ProviderAccessExpiryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Period = TimeSpan.FromDays(30);
    private static readonly Caller Admin = new("admin-1", Roles.Admin, new AllRecords());
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-access-period"));

    [Fact]
    public async Task The_provider_reads_a_completed_referral_until_the_period_after_completion_is_over_and_then_it_is_404_and_off_its_list()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        await using var services = await StartAsync(clock);
        var (_, referralId) = await CompletedReferralAsync(services, "period-read", "AZ-AGA");
        var referrals = services.GetRequiredService<ReferralService>();
        var provider = ProviderCaller("period-read");

        clock.Advance(Period - TimeSpan.FromSeconds(1));
        Assert.Null((await referrals.GetAsync(provider, referralId, CancellationToken.None)).Problem);
        Assert.Equal([referralId], await ListedAsync(services, provider));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ProblemKind.NotFound, (await referrals.GetAsync(provider, referralId, CancellationToken.None)).Problem?.Kind);
        Assert.Empty(await ListedAsync(services, provider));
        Assert.Null((await referrals.GetAsync(Admin, referralId, CancellationToken.None)).Problem);
    }

    [Fact]
    public async Task The_timer_records_when_and_why_access_ended_and_removes_the_snapshot_once_the_period_is_over()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        await using var services = await StartAsync(clock);
        var (caseId, referralId) = await CompletedReferralAsync(services, "period-timer", "AZ-AGC");
        var expiry = services.GetRequiredService<ProviderAccessExpiry>();

        clock.Advance(Period - TimeSpan.FromSeconds(1));
        await expiry.EndDueAsync(CancellationToken.None);
        Assert.NotNull((await ReferralAsync(services, caseId)).ProviderSnapshot);

        clock.Advance(TimeSpan.FromSeconds(1));
        await expiry.EndDueAsync(CancellationToken.None);
        await expiry.EndDueAsync(CancellationToken.None);
        await new CoreQueues(azurite, services).DrainAsync(twiceAtOnce: false);

        var referral = await ReferralAsync(services, caseId);
        Assert.Null(referral.ProviderSnapshot);
        Assert.Equal(clock.GetUtcNow(), referral.ProviderAccessEndedAt);
        var ended = Assert.Single(await HistoryAsync(services, caseId), item => item.Type == ReferralEvents.ProviderAccessEnded.Name);
        Assert.Equal(clock.GetUtcNow(), ended.OccurredAt);
        Assert.Equal(new EventActor("system:provider-access", Roles.System), ended.Actor);
        Assert.Equal(
            new ReferralProviderAccessEnded(referralId, "period-timer", ProviderAccessExpiry.CompletionPeriodOver),
            ReferralEvents.ProviderAccessEnded.Read(ended.Data.ToJsonString()));
        Assert.False((await IndexRowAsync("period-timer", referralId)).Held);
        Assert.DoesNotContain(await azurite.Storage.Table(TableNames.CompletedReferrals).QueryAsync<TableEntity>().ToListAsync(), row => row.RowKey.Contains(caseId, StringComparison.Ordinal));
    }

    private Task<ServiceProvider> StartAsync(TimeProvider time) =>
        CoreOnAzurite.StartAsync(azurite.ConnectionString, services => services.AddSingleton(time));

    private static Caller ProviderCaller(string providerId) => new("provider-user", Roles.Provider, new ProviderScope(providerId));

    /// <summary>A case with one legal need in an area of its own, routed to the one provider that covers it, accepted and completed by it.</summary>
    private async Task<(string CaseId, string ReferralId)> CompletedReferralAsync(IServiceProvider services, string providerId, string area)
    {
        var provider = new ProviderRequest(providerId, true, ["legal"], new ProviderCoverage([area]), ["az"], 5, Eligibility: null, Webhook: null);
        Assert.Null((await services.GetRequiredService<ProviderService>().PutAsync(Admin, providerId, provider, CancellationToken.None)).Problem);
        var registration = CaseSamples.Registration();
        registration["survivor"]!["location"]!["admin1"] = area;
        registration["needs"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["serviceType"] = "legal", ["urgency"] = "routine" });
        var details = JsonSerializer.Deserialize(registration.ToJsonString(), CaseJson.Api.CaseDetails)!;
        var caseId = (await services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, details, idempotencyKey: null, CancellationToken.None)).Value!.Case.CaseId;
        var queues = new CoreQueues(azurite, services);
        await queues.DrainAsync(twiceAtOnce: false);

        var referralId = (await ReferralAsync(services, caseId)).ReferralId;
        var referrals = services.GetRequiredService<ReferralService>();
        Assert.Null((await referrals.AcceptAsync(ProviderCaller(providerId), referralId, CancellationToken.None)).Problem);
        Assert.Null((await referrals.CompleteAsync(ProviderCaller(providerId), referralId, new CompleteReferralRequest("service_provided", Notes: null), CancellationToken.None)).Problem);
        await queues.DrainAsync(twiceAtOnce: false);
        return (caseId, referralId);
    }

    private static async Task<ReferralEntity> ReferralAsync(IServiceProvider services, string caseId) =>
        (await services.GetRequiredService<CaseStore>().LoadAsync(caseId, CancellationToken.None))!.ReferralRows().Single();

    private static async Task<IReadOnlyList<CaseEvent>> HistoryAsync(IServiceProvider services, string caseId) =>
        (await services.GetRequiredService<CaseService>().GetHistoryAsync(Caseworker, caseId, CancellationToken.None)).Value!.Events;

    private static async Task<IEnumerable<string>> ListedAsync(IServiceProvider services, Caller provider) =>
        (await services.GetRequiredService<ReferralService>().ListAsync(provider, new ReferralListQuery(null, null, null, null), CancellationToken.None)).Value!.Items.Select(item => item.ReferralId);

    private async Task<ProviderReferralEntity> IndexRowAsync(string providerId, string referralId) =>
        await azurite.Storage.Table(TableNames.ProviderReferrals).QueryAsync<ProviderReferralEntity>(row => row.PartitionKey == providerId && row.ReferralId == referralId).SingleAsync();
}
