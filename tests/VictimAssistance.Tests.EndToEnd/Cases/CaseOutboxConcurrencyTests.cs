using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>
/// The outbox processor on a real Azurite, without a host polling the queue, so the test decides when and how
/// often each message runs: every registered follow-up handler gets each change, and outbox messages of one case
/// that run at the same moment (and again, as a redelivery) finish the case once, with nothing lost.
/// </summary>
public sealed class CaseOutboxConcurrencyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-outbox"));

    [Fact]
    public async Task Outbox_messages_of_one_case_run_at_once_and_twice_finish_every_change_once()
    {
        var recorder = new RecordingHandler();
        await using var services = await StartCoreAsync(recorder);
        var cases = services.GetRequiredService<CaseService>();
        var referrals = services.GetRequiredService<ReferralService>();
        var registered = await cases.RegisterAsync(Caseworker, RegistrationDetails(), idempotencyKey: null, CancellationToken.None);
        var caseId = registered.Value!.Case.CaseId;
        foreach (var serviceType in new[] { "legal", "medical" })
        {
            var requested = await referrals.RequestAsync(Caseworker, caseId, new ReferralRequest(serviceType, Urgency: null, Notes: null), CancellationToken.None);
            Assert.Null(requested.Problem);
        }

        var messages = (await azurite.Storage.Queue(QueueNames.CaseOutbox).ReceiveMessagesAsync(32)).Value;
        Assert.Equal(3, messages.Length);
        var processor = services.GetRequiredService<CaseOutboxProcessor>();
        await Task.WhenAll(messages.Concat(messages).Select(message => processor.ProcessAsync(message.Body.ToString(), CancellationToken.None)));

        var pending = await azurite.Storage.Table(TableNames.Cases).QueryAsync<TableEntity>(CaseRows.RangeFilter(caseId, CaseRows.OutboxPrefix)).CountAsync();
        Assert.Equal(0, pending);
        var listRow = await azurite.Storage.Table(TableNames.CasesByOrganization)
            .QueryAsync<CaseListEntity>(TableClient.CreateQueryFilter($"CaseId eq {caseId}")).SingleAsync();
        Assert.Equal(3, listRow.Version);
        Assert.Equal(4, listRow.OpenReferrals);
        // Nothing consumes route-referral here, so the messages themselves can be read: ids only, nothing personal.
        var bodies = (await azurite.Storage.Queue(QueueNames.RouteReferral).PeekMessagesAsync(32)).Value.Select(message => message.Body.ToString()).ToList();
        Assert.All(CaseSamples.PersonalValues, personal => Assert.DoesNotContain(personal, string.Join('\n', bodies), StringComparison.Ordinal));
        var routed = bodies
            .Select(body => JsonSerializer.Deserialize(body, ReferralJson.Default.RouteReferralMessage)!)
            .Where(message => message.CaseId == caseId)
            .SelectMany(message => message.Referrals())
            .ToHashSet();
        var current = await cases.GetAsync(Caseworker, caseId, CancellationToken.None);
        Assert.Equal(current.Value!.Referrals.Select(referral => referral.ReferralId).ToHashSet(), routed);
        // However the entries were shared out among the messages, every event reached the handler exactly once.
        var seen = recorder.Seen.OrderBy(item => item.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(sequence => (long)sequence), seen.Select(item => item.Sequence));
        Assert.Equal(
            [CaseEvents.Registered.Name, ReferralEvents.Requested.Name, ReferralEvents.Requested.Name, ReferralEvents.Requested.Name, ReferralEvents.Requested.Name],
            seen.Select(item => item.Type));
    }

    [Fact]
    public async Task A_cancelled_referral_that_a_provider_held_is_notified_once_per_event_with_a_stable_webhook_id()
    {
        await using var services = await StartCoreAsync(new RecordingHandler());
        var cases = services.GetRequiredService<CaseService>();
        var registered = await cases.RegisterAsync(Caseworker, RegistrationDetails(), idempotencyKey: null, CancellationToken.None);
        var caseId = registered.Value!.Case.CaseId;
        var offered = registered.Value.Case.Referrals[0].ReferralId;
        var writer = services.GetRequiredService<CaseWriter>();
        var offer = await writer.ChangeAsync(
            new CaseWrite(caseId, Caller.System("test-router"), change =>
            {
                var referral = change.EditReferral(offered)!;
                referral.Status = ReferralStatuses.Offered;
                referral.ProviderId = "provider-notified";
                change.AddEvent(ReferralEvents.Offered, new ReferralOffered(offered, "provider-notified", change.Now.AddDays(1)));
                return null;
            }),
            CancellationToken.None);
        Assert.Null(offer.Problem);
        var closed = await cases.CloseAsync(Caseworker, caseId, ifMatch: null, new CloseCaseRequest("moved away"), CancellationToken.None);
        Assert.Null(closed.Problem);

        var processor = services.GetRequiredService<CaseOutboxProcessor>();
        var messages = (await azurite.Storage.Queue(QueueNames.CaseOutbox).ReceiveMessagesAsync(32)).Value;
        await Task.WhenAll(messages.Concat(messages).Select(message => processor.ProcessAsync(message.Body.ToString(), CancellationToken.None)));

        var notifications = (await azurite.Storage.Queue(QueueNames.NotifyProvider).PeekMessagesAsync(32)).Value
            .SelectMany(message => JsonSerializer.Deserialize(message.Body.ToString(), NotificationJson.Default.ProviderNotices)!.Notices)
            .Where(message => message.CaseId == caseId && message.Type == ReferralEvents.Cancelled.Name)
            .ToList();
        Assert.NotEmpty(notifications);
        Assert.All(notifications, message =>
        {
            Assert.Equal(offered, message.ReferralId);
            Assert.Equal("provider-notified", message.ProviderId);
            Assert.Equal(ReferralEvents.Cancelled.Name, message.Type);
        });
        Assert.Single(notifications.Select(message => message.NotificationId).Distinct());
    }

    private Task<ServiceProvider> StartCoreAsync(RecordingHandler recorder) =>
        CoreOnAzurite.StartAsync(azurite.ConnectionString, services => services.AddSingleton<ICaseFollowUpHandler>(recorder));

    private static CaseDetails RegistrationDetails() =>
        JsonSerializer.Deserialize(CaseSamples.Registration().ToJsonString(), CaseJson.Api.CaseDetails)!;

    /// <summary>A feature's follow-up handler: records the events of each version it is handed.</summary>
    private sealed class RecordingHandler : ICaseFollowUpHandler
    {
        public ConcurrentBag<CommittedEvent> Seen { get; } = [];

        public CaseHandlerStage Stage => CaseHandlerStage.Project;

        public IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { CaseEvents.Registered.Name, ReferralEvents.Requested.Name };

        public Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
        {
            foreach (var item in followUp.Events)
            {
                Seen.Add(item);
            }

            return Task.CompletedTask;
        }
    }
}
