using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// Every queue message type the app consumes, delivered again, twice and newest first, long after the app handled it:
/// no table changes (history, lists, indexes, provider loads).
/// </summary>
public sealed class DuplicateDeliveryTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task Outbox_and_routing_messages_delivered_again_and_out_of_order_change_nothing()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-duplicate");
        var (caseId, referrals) = await RoutedCases.RegisterAndRouteAsync(host, caseworker, "AZ-KAN", "dup-provider");
        using var provider = host.ClientFor(Roles.Provider, providerId: "dup-provider");
        using (var accepted = await provider.PostAsync($"/api/referrals/{(string)referrals[0]!["referralId"]!}/accept", null))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var version = (int)(await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!["version"]!;
        await StorageSnapshot.WaitUntilQueuesAreDrainedAsync(host.Storage);
        var before = await StorageSnapshot.TakeAsync(host.Storage);

        for (var copy = 0; copy < 2; copy++)
        {
            for (var v = version; v >= 1; v--)
            {
                await host.Storage.SendAsync(QueueNames.CaseOutbox, new CaseOutboxMessage(caseId, v, DateTimeOffset.UtcNow), CaseJson.Api.CaseOutboxMessage, null, CancellationToken.None);
            }

            foreach (var referral in referrals.Reverse())
            {
                var message = new RouteReferralMessage(caseId, [(string)referral!["referralId"]!]);
                await host.Storage.SendAsync(QueueNames.RouteReferral, message, ReferralJson.Default.RouteReferralMessage, null, CancellationToken.None);
            }
        }

        await StorageSnapshot.WaitUntilQueuesAreDrainedAsync(host.Storage);
        StorageSnapshot.AssertUnchanged(before, await StorageSnapshot.TakeAsync(host.Storage));
        var history = (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}/history"))!["events"]!.AsArray();
        Assert.Equal(2, history.Count(item => (string)item!["type"]! == ReferralEvents.Offered.Name));
        LogAssertions.AssertNoPersonalDataOrSecrets(host.Logs);
        host.ThrowIfAFunctionFailed();
    }
}
