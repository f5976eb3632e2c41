using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Erasure;

/// <summary>
/// The follow-up of a change made just before an erasure can finish after the erasure's own: on real Azurite, with
/// the late follow-up run by hand from the case as it read it, so the order is the same every run.
/// </summary>
public sealed class ErasureRaceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ProviderId = "erase-race-provider";
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-erase-race"));

    [Fact]
    public async Task A_follow_up_that_read_the_case_before_its_erasure_and_finishes_after_it_cannot_list_the_referral_to_the_provider_again()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var store = services.GetRequiredService<CaseStore>();
        var registered = await services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, RegistrationDetails(), idempotencyKey: null, CancellationToken.None);
        var caseId = registered.Value!.Case.CaseId;
        var referralId = registered.Value.Case.Referrals[0].ReferralId;
        var offered = await services.GetRequiredService<CaseWriter>().ChangeAsync(
            new CaseWrite(caseId, Caller.System("test-router"), change => ReferralTransitions.Offer(change, referralId, ProviderId, TimeSpan.FromDays(3))),
            CancellationToken.None);
        Assert.Null(offered.Problem);
        await ProcessOutboxAsync(services);
        var referrals = services.GetRequiredService<ReferralService>();
        var provider = new Caller("provider-user", Roles.Provider, new ProviderScope(ProviderId));
        Assert.Null((await referrals.AcceptAsync(provider, referralId, CancellationToken.None)).Problem);
        await ProcessOutboxAsync(services);
        Assert.Null((await referrals.CompleteAsync(provider, referralId, new CompleteReferralRequest("service_provided", Notes: null), CancellationToken.None)).Problem);
        // A processor takes the completion's entry and reads the case; it is slow, and the erasure comes meanwhile
        // (a completed referral is not cancelled by the erasure, so nothing newer than the completion is written for it).
        var completionEntry = Assert.Single(await store.LoadOutboxAsync(caseId, CancellationToken.None));
        Assert.Equal(OutboxLease.Taken, await store.TryLeaseOutboxAsync(completionEntry, CaseOutboxProcessor.Lease, CancellationToken.None));
        var completion = JsonSerializer.Deserialize(completionEntry.Events, CaseJson.Default.ListCommittedEvent)!;
        var readBeforeErasure = (await store.LoadAsync(caseId, CancellationToken.None))!;

        var erased = await services.GetRequiredService<ErasureService>().EraseAsync(new Caller("admin-1", Roles.Admin, new AllRecords()), caseId, new EraseCaseRequest("Entered in error"), CancellationToken.None);
        Assert.Null(erased.Problem);
        await ProcessOutboxAsync(services);
        await services.GetServices<ICaseFollowUpHandler>().OfType<ProviderReferralIndex>().Single().HandleAsync(
            new CaseFollowUp(caseId, readBeforeErasure.Head.Version, completion, _ => Task.FromResult<CaseRecord?>(readBeforeErasure)),
            CancellationToken.None);

        var row = await azurite.Storage.Table(TableNames.ProviderReferrals)
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ProviderId}")).SingleAsync();
        Assert.False(row.GetBoolean(nameof(ProviderReferralEntity.Held)));
        Assert.Null(row.GetString(nameof(ProviderReferralEntity.Notes)));
    }

    /// <summary>Every case-outbox message there is now, each processed once (nothing polls the queue here).</summary>
    private async Task ProcessOutboxAsync(IServiceProvider services)
    {
        var processor = services.GetRequiredService<CaseOutboxProcessor>();
        foreach (var message in (await azurite.Storage.Queue(QueueNames.CaseOutbox).ReceiveMessagesAsync(32)).Value)
        {
            await processor.ProcessAsync(message.Body.ToString(), CancellationToken.None);
        }
    }

    private static CaseDetails RegistrationDetails() =>
        JsonSerializer.Deserialize(CaseSamples.Registration().ToJsonString(), CaseJson.Api.CaseDetails)!;
}
