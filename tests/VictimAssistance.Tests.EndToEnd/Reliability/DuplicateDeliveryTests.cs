using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        const string Area = "DUPLICATE-1";
        using var admin = host.ClientFor(Roles.Admin);
        using (var put = await admin.PutProviderAsync("dup-provider", ProviderSamples.Provider(services: ["rehabilitation", "psychosocial"], admin1: [Area])))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using var caseworker = host.ClientFor(Roles.Caseworker, "org-duplicate");
        var registration = CaseSamples.Registration();
        registration["survivor"]!["location"]!["admin1"] = Area;
        using var created = await caseworker.RegisterAsync(registration);
        var caseId = (string)(await created.ReadObjectAsync())["caseId"]!;
        var referrals = await Eventually.GetAsync(
            async () => (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!["referrals"]!.AsArray(),
            items => items.All(item => (string)item!["status"]! == "offered"),
            "both referrals offered");
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
                await host.Storage.SendAsync(QueueNames.CaseOutbox, new CaseOutboxMessage(caseId, v, DateTimeOffset.UtcNow), ApiJson.Default.CaseOutboxMessage, null, CancellationToken.None);
            }

            foreach (var referral in referrals.Reverse())
            {
                var message = new RouteReferralMessage(caseId, (string)referral!["referralId"]!);
                await host.Storage.SendAsync(QueueNames.RouteReferral, message, ReferralMessageJson.Default.RouteReferralMessage, null, CancellationToken.None);
            }
        }

        await StorageSnapshot.WaitUntilQueuesAreDrainedAsync(host.Storage);
        StorageSnapshot.AssertUnchanged(before, await StorageSnapshot.TakeAsync(host.Storage));
        var history = (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}/history"))!["events"]!.AsArray();
        Assert.Equal(2, history.Count(item => (string)item!["type"]! == CaseEventTypes.ReferralOffered));
        LogAssertions.AssertNoPersonalDataOrSecrets(host.Logs);
        host.ThrowIfAFunctionFailed();
    }
}
