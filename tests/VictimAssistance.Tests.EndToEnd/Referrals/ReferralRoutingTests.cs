using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Referrals;

/// <summary>
/// The router and the expiry on a real Azurite with no host polling the queues: the test decides when, how often and
/// how concurrently each message runs, and a FakeTimeProvider moves time without sleeping.
/// </summary>
public sealed class ReferralRoutingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Admin = new("admin-1", Roles.Admin, new AllRecords());
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-routing"));

    [Fact]
    public async Task A_duplicated_route_referral_message_changes_nothing_twice()
    {
        await using var services = await StartAsync(TimeProvider.System);
        await PutProviderAsync(services, "dup-legal", "AZ-MAS", "legal", ["az"], capacity: 5);
        var caseId = await RegisterAsync(services, "AZ-MAS", "legal");
        await FinishOutboxAsync(services);
        var route = (await TakeRouteMessagesAsync(caseId))[0];
        var router = services.GetRequiredService<ReferralRouter>();

        await Task.WhenAll(router.RouteAsync(route, CancellationToken.None), router.RouteAsync(route, CancellationToken.None));
        await router.RouteAsync(route, CancellationToken.None);

        var history = await HistoryAsync(services, caseId);
        Assert.Single(history, item => item.Type == ReferralEvents.Offered.Name);
        Assert.Equal(1, (await LoadsAsync())["dup-legal"].Count);
        Assert.Equal(ReferralStatuses.Offered, (await OnlyReferralAsync(services, caseId)).Status);
    }

    [Fact]
    public async Task Two_routing_messages_of_the_same_provider_at_the_same_moment_take_its_last_slot_once()
    {
        await using var services = await StartAsync(TimeProvider.System);
        await PutProviderAsync(services, "slot-preferred", "AZ-NEF", "education", ["az"], capacity: 1);
        await PutProviderAsync(services, "slot-fallback", "AZ-NEF", "education", ["ru"], capacity: 5);
        var first = await RegisterAsync(services, "AZ-NEF", "education");
        var second = await RegisterAsync(services, "AZ-NEF", "education");
        await FinishOutboxAsync(services);
        var messages = await TakeRouteMessagesAsync(first, second);
        var router = services.GetRequiredService<ReferralRouter>();

        await Task.WhenAll(messages.Select(message => Task.Run(() => router.RouteAsync(message, CancellationToken.None))));

        var providers = new[] { await ProviderOfOnlyReferralAsync(services, first), await ProviderOfOnlyReferralAsync(services, second) };
        Assert.Equal(["slot-fallback", "slot-preferred"], providers.Order(StringComparer.Ordinal));
        var loads = await LoadsAsync();
        Assert.Equal(1, loads["slot-preferred"].Count);
        Assert.Equal(1, loads["slot-fallback"].Count);
    }

    [Fact]
    public async Task The_referrals_of_one_registration_are_routed_by_one_message_and_offered_in_one_change_of_the_case()
    {
        await using var services = await StartAsync(TimeProvider.System);
        await PutProviderAsync(services, "together-both", "AZ-LA", ["legal", "education"], ["az"], capacity: 5);
        var caseId = await RegisterAsync(services, "AZ-LA", ["legal", "education"]);
        await FinishOutboxAsync(services);
        var messages = (await azurite.Storage.Queue(QueueNames.RouteReferral).PeekMessagesAsync(32)).Value
            .Select(message => JsonSerializer.Deserialize(message.Body.ToString(), ReferralJson.Default.RouteReferralMessage)!)
            .Where(message => message.CaseId == caseId)
            .ToList();
        var registered = await services.GetRequiredService<CaseStore>().LoadAsync(caseId, CancellationToken.None);

        await DrainAsync(services);

        var message = Assert.Single(messages);
        Assert.Equal(registered!.ReferralRows().Select(referral => referral.ReferralId).Order(StringComparer.Ordinal), message.Referrals().Order(StringComparer.Ordinal));
        var routed = await services.GetRequiredService<CaseStore>().LoadAsync(caseId, CancellationToken.None);
        Assert.All(routed!.ReferralRows(), referral => Assert.Equal("together-both", referral.ProviderId));
        Assert.Equal(registered!.Head.Version + 1, routed!.Head.Version);
        Assert.Equal(2, (await LoadsAsync())["together-both"].Count);
    }

    [Fact]
    public async Task Two_referrals_of_one_case_routed_together_take_a_providers_last_slot_once()
    {
        await using var services = await StartAsync(TimeProvider.System);
        await PutProviderAsync(services, "together-preferred", "AZ-MI", ["legal", "education"], ["az"], capacity: 1);
        await PutProviderAsync(services, "together-fallback", "AZ-MI", ["legal", "education"], ["ru"], capacity: 5);
        var caseId = await RegisterAsync(services, "AZ-MI", ["legal", "education"]);

        await DrainAsync(services);

        var routed = await services.GetRequiredService<CaseStore>().LoadAsync(caseId, CancellationToken.None);
        Assert.Equal(["together-fallback", "together-preferred"], routed!.ReferralRows().Select(referral => referral.ProviderId).Order(StringComparer.Ordinal));
        var loads = await LoadsAsync();
        Assert.Equal(1, loads["together-preferred"].Count);
        Assert.Equal(1, loads["together-fallback"].Count);
    }

    [Fact]
    public async Task An_offer_past_its_respondBy_expires_is_routed_to_the_next_provider_and_then_unmet_without_sleeping()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        await using var services = await StartAsync(clock);
        await PutProviderAsync(services, "expiry-first", "AZ-OGU", "psychosocial", ["az"], capacity: 3);
        await PutProviderAsync(services, "expiry-second", "AZ-OGU", "psychosocial", ["ru"], capacity: 3);
        var caseId = await RegisterAsync(services, "AZ-OGU", "psychosocial", urgency: "emergency");
        await DrainAsync(services);
        var offered = await OnlyReferralAsync(services, caseId);
        Assert.Equal("expiry-first", offered.ProviderId);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(4), offered.RespondBy);
        var expiry = services.GetRequiredService<ReferralExpiry>();

        clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1));
        await expiry.ExpireDueAsync(CancellationToken.None);
        await DrainAsync(services);
        Assert.Equal("expiry-first", (await OnlyReferralAsync(services, caseId)).ProviderId);

        clock.Advance(TimeSpan.FromSeconds(1));
        await expiry.ExpireDueAsync(CancellationToken.None);
        await expiry.ExpireDueAsync(CancellationToken.None);
        await DrainAsync(services);
        var rerouted = await OnlyReferralAsync(services, caseId);
        Assert.Equal(ReferralStatuses.Offered, rerouted.Status);
        Assert.Equal("expiry-second", rerouted.ProviderId);
        Assert.Equal(0, (await LoadsAsync())["expiry-first"].Count);

        clock.Advance(TimeSpan.FromHours(5));
        await expiry.ExpireDueAsync(CancellationToken.None);
        await DrainAsync(services);
        Assert.Equal(ReferralStatuses.Unmet, (await OnlyReferralAsync(services, caseId)).Status);
        var history = await HistoryAsync(services, caseId);
        Assert.Equal(
            [ReferralEvents.Requested.Name, ReferralEvents.Offered.Name, ReferralEvents.Expired.Name, ReferralEvents.Offered.Name, ReferralEvents.Expired.Name, ReferralEvents.Unmet.Name],
            history.Where(item => item.Type.StartsWith("referral.", StringComparison.Ordinal)).Select(item => item.Type));
        Assert.All(history.Where(item => item.Type == ReferralEvents.Expired.Name), item => Assert.Equal(new EventActor("system:expiry", "system"), item.Actor));
        Assert.All((await LoadsAsync()).Where(load => load.Key.StartsWith("expiry-", StringComparison.Ordinal)), load => Assert.Equal(0, load.Value.Count));
    }

    [Fact]
    public async Task A_route_referral_message_that_cannot_be_read_throws_so_the_host_retries_it_and_keeps_it_in_the_poison_queue()
    {
        await using var services = await StartAsync(TimeProvider.System);
        var router = services.GetRequiredService<ReferralRouter>();

        await Assert.ThrowsAsync<FormatException>(() => router.RouteAsync("{\"caseId\":\"x' or ''='\",\"referralId\":\"1\"}", CancellationToken.None));
        await Assert.ThrowsAsync<FormatException>(() => router.RouteAsync("not json", CancellationToken.None));
    }

    [Fact]
    public async Task A_provider_at_the_largest_capacity_keeps_every_reservation_in_its_load_row_and_refuses_one_more()
    {
        await using var services = await StartAsync(TimeProvider.System);
        var loads = services.GetRequiredService<ProviderLoads>();

        for (var index = 0; index < ProviderValidator.MaxCapacity; index++)
        {
            Assert.True(await loads.TryReserveAsync("largest-capacity", ProviderValidator.MaxCapacity, Guid.NewGuid().ToString("N"), ProviderLoads.NewToken(), await loads.ReadAllAsync(CancellationToken.None), CancellationToken.None));
        }

        Assert.False(await loads.TryReserveAsync("largest-capacity", ProviderValidator.MaxCapacity, Guid.NewGuid().ToString("N"), ProviderLoads.NewToken(), await loads.ReadAllAsync(CancellationToken.None), CancellationToken.None));
        Assert.Equal(ProviderValidator.MaxCapacity, (await loads.ReadAllAsync(CancellationToken.None)).Held["largest-capacity"].Count);
    }

    [Fact]
    public async Task A_slot_freed_by_another_instance_is_reserved_although_this_instance_last_wrote_the_provider_full()
    {
        await using var first = await StartAsync(TimeProvider.System);
        await using var second = await StartAsync(TimeProvider.System);
        var here = first.GetRequiredService<ProviderLoads>();
        var there = second.GetRequiredService<ProviderLoads>();
        Assert.True(await here.TryReserveAsync("instances-full", 1, "referral-a", ProviderLoads.NewToken(), await here.ReadAllAsync(CancellationToken.None), CancellationToken.None));

        await there.ReleaseAsync("instances-full", "referral-a", token: null, CancellationToken.None);

        Assert.True(await here.TryReserveAsync("instances-full", 1, "referral-b", ProviderLoads.NewToken(), await here.ReadAllAsync(CancellationToken.None), CancellationToken.None));
        Assert.Equal(["referral-b"], (await here.ReadAllAsync(CancellationToken.None)).Held["instances-full"].Keys);
    }

    [Fact]
    public async Task A_reservation_made_by_another_instance_is_released_although_this_instance_never_saw_it()
    {
        await using var first = await StartAsync(TimeProvider.System);
        await using var second = await StartAsync(TimeProvider.System);
        var here = first.GetRequiredService<ProviderLoads>();
        var there = second.GetRequiredService<ProviderLoads>();
        Assert.True(await here.TryReserveAsync("instances-release", 5, "referral-a", ProviderLoads.NewToken(), await here.ReadAllAsync(CancellationToken.None), CancellationToken.None));
        Assert.True(await there.TryReserveAsync("instances-release", 5, "referral-b", ProviderLoads.NewToken(), await there.ReadAllAsync(CancellationToken.None), CancellationToken.None));

        await here.ReleaseAsync("instances-release", "referral-b", token: null, CancellationToken.None);

        Assert.Equal(["referral-a"], (await here.ReadAllAsync(CancellationToken.None)).Held["instances-release"].Keys);
    }

    private Task<ServiceProvider> StartAsync(TimeProvider time) =>
        CoreOnAzurite.StartAsync(azurite.ConnectionString, services => services.AddSingleton(time));

    private static Task PutProviderAsync(IServiceProvider services, string providerId, string area, string serviceType, string[] languages, int capacity) =>
        PutProviderAsync(services, providerId, area, [serviceType], languages, capacity);

    private static async Task PutProviderAsync(IServiceProvider services, string providerId, string area, string[] serviceTypes, string[] languages, int capacity)
    {
        var request = new ProviderRequest(providerId, true, serviceTypes, new ProviderCoverage([area]), languages, capacity, Eligibility: null, Webhook: null);
        var saved = await services.GetRequiredService<ProviderService>().PutAsync(Admin, providerId, request, CancellationToken.None);
        Assert.Null(saved.Problem);
    }

    private static Task<string> RegisterAsync(IServiceProvider services, string area, string serviceType, string urgency = "routine") =>
        RegisterAsync(services, area, [serviceType], urgency);

    private static async Task<string> RegisterAsync(IServiceProvider services, string area, string[] serviceTypes, string urgency = "routine")
    {
        var registration = CaseSamples.Registration();
        registration["survivor"]!["location"]!["admin1"] = area;
        registration["needs"] = new System.Text.Json.Nodes.JsonArray(serviceTypes.Select(serviceType => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["serviceType"] = serviceType, ["urgency"] = urgency }).ToArray());
        var details = JsonSerializer.Deserialize(registration.ToJsonString(), CaseJson.Api.CaseDetails)!;
        var registered = await services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, details, idempotencyKey: null, CancellationToken.None);
        return registered.Value!.Case.CaseId;
    }

    /// <summary>Runs every waiting outbox message, as the host would.</summary>
    private async Task FinishOutboxAsync(IServiceProvider services)
    {
        var outbox = services.GetRequiredService<CaseOutboxProcessor>();
        while ((await azurite.Storage.Queue(QueueNames.CaseOutbox).ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                await outbox.ProcessAsync(message.Body.ToString(), CancellationToken.None);
                await azurite.Storage.Queue(QueueNames.CaseOutbox).DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    /// <summary>Runs outbox and route-referral messages, one at a time, until both queues are empty.</summary>
    private async Task DrainAsync(IServiceProvider services)
    {
        var router = services.GetRequiredService<ReferralRouter>();
        var queue = azurite.Storage.Queue(QueueNames.RouteReferral);
        while (true)
        {
            await FinishOutboxAsync(services);
            var messages = (await queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                return;
            }

            foreach (var message in messages)
            {
                await router.RouteAsync(message.Body.ToString(), CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    /// <summary>The route-referral messages of these cases, in their order; any other message is put back unread.</summary>
    private async Task<string[]> TakeRouteMessagesAsync(params string[] caseIds)
    {
        var queue = azurite.Storage.Queue(QueueNames.RouteReferral);
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value)
        {
            var text = message.Body.ToString();
            var caseId = JsonSerializer.Deserialize(text, ReferralJson.Default.RouteReferralMessage)!.CaseId;
            if (caseIds.Contains(caseId))
            {
                taken[caseId] = text;
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }
        }

        return caseIds.Select(caseId => taken.TryGetValue(caseId, out var text) ? text : throw new Xunit.Sdk.XunitException($"No route-referral message for case {caseId}.")).ToArray();
    }

    private static async Task<ReferralEntity> OnlyReferralAsync(IServiceProvider services, string caseId) =>
        (await services.GetRequiredService<CaseStore>().LoadAsync(caseId, CancellationToken.None))!.ReferralRows().Single();

    private static async Task<string?> ProviderOfOnlyReferralAsync(IServiceProvider services, string caseId) => (await OnlyReferralAsync(services, caseId)).ProviderId;

    private static async Task<IReadOnlyList<CaseEvent>> HistoryAsync(IServiceProvider services, string caseId) =>
        (await services.GetRequiredService<CaseService>().GetHistoryAsync(Caseworker, caseId, CancellationToken.None)).Value!.Events;

    private async Task<Dictionary<string, ProviderLoadEntity>> LoadsAsync() =>
        await azurite.Storage.Table(TableNames.ProviderLoads).QueryAsync<ProviderLoadEntity>().ToDictionaryAsync(load => load.RowKey, load => load);
}
