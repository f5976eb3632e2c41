using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Referrals;

/// <summary>
/// Routing that keeps failing (here: a response window setting that cannot be read) ends in route-referral-poison,
/// kept and replayable, while the referral stays visibly requested and no capacity is held for it.
/// </summary>
public sealed class RoutingPoisonTests(RoutingPoisonTests.BrokenResponseWindowsHost host) : IClassFixture<RoutingPoisonTests.BrokenResponseWindowsHost>
{
    [Fact]
    public async Task A_route_referral_message_that_keeps_failing_ends_in_the_poison_queue_and_the_referral_stays_requested()
    {
        using var admin = host.ClientFor(Roles.Admin);
        using (var put = await admin.PutProviderAsync("poison-legal", ProviderSamples.Provider(services: ["legal"], admin1: ["AZ-QBA"])))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using var caseworker = host.ClientFor(Roles.Caseworker, "org-poison");
        var registration = CaseSamples.Registration();
        registration["survivor"]!["location"]!["admin1"] = "AZ-QBA";
        registration["needs"] = new JsonArray(new JsonObject { ["serviceType"] = "legal", ["urgency"] = "routine" });
        using var created = await caseworker.RegisterAsync(registration);
        var body = await created.ReadObjectAsync();
        var caseId = (string)body["caseId"]!;
        var referralId = (string)body["referrals"]![0]!["referralId"]!;

        var poisoned = await Eventually.GetAsync(
            async () => (await host.Storage.Queue(QueueNames.Poison(QueueNames.RouteReferral)).PeekMessagesAsync(32)).Value.Select(message => message.Body.ToString()).ToList(),
            messages => messages.Any(message => message.Contains(referralId, StringComparison.Ordinal)),
            "the message in route-referral-poison");

        var current = (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!;
        Assert.Equal("requested", (string)current["referrals"]![0]!["status"]!);
        Assert.DoesNotContain(CaseSamples.GivenName, string.Join('\n', poisoned), StringComparison.Ordinal);
        var load = await host.Storage.Table(TableNames.ProviderLoads).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("load", "poison-legal");
        Assert.False(load.HasValue && load.Value!.GetInt32("Count") > 0);
    }

    [Fact]
    public async Task A_route_referral_message_without_a_case_id_ends_in_the_poison_queue_as_unreadable()
    {
        var referralId = CaseIds.New();
        var message = $$"""{"referralId":"{{referralId}}"}""";

        await host.Storage.Queue(QueueNames.RouteReferral).SendMessageAsync(message);

        await Eventually.GetAsync(
            async () => (await host.Storage.Queue(QueueNames.Poison(QueueNames.RouteReferral)).PeekMessagesAsync(32)).Value.Select(item => item.Body.ToString()).ToList(),
            messages => messages.Contains(message),
            "the message in route-referral-poison");
        Assert.DoesNotContain(host.FunctionFailures, failure => failure is NullReferenceException);
    }

    public sealed class BrokenResponseWindowsHost : LocalHostFixture
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Referrals:ResponseHours:routine"] = "soon";
            settings["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2";
            return settings;
        }
    }
}
