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

namespace VictimAssistance.Tests.Notifications;

/// <summary>The admin routes that list and replay the poison queue of every queue of the app.</summary>
public sealed class PoisonReplayTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Theory]
    [InlineData(QueueNames.RouteReferral)]
    [InlineData(QueueNames.CaseOutbox)]
    public async Task A_poison_message_is_listed_without_its_body_and_replayed_to_its_queue_where_it_changes_nothing_twice(string queue)
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-replay");
        using var created = await caseworker.RegisterAsync(CaseSamples.Registration());
        var registered = await created.ReadObjectAsync();
        var caseId = (string)registered["caseId"]!;
        var message = queue == QueueNames.RouteReferral
            ? JsonSerializer.Serialize(new RouteReferralMessage(caseId, [(string)registered["referrals"]![0]!["referralId"]!]), ReferralJson.Default.RouteReferralMessage)
            : JsonSerializer.Serialize(new CaseOutboxMessage(caseId, 1, DateTimeOffset.UtcNow), CaseJson.Api.CaseOutboxMessage);
        var poison = host.Storage.Queue(QueueNames.Poison(queue));
        await poison.CreateIfNotExistsAsync();
        var sent = (await poison.SendMessageAsync(message)).Value;
        // No provider covers the sample case: once both referrals are unmet, nothing more changes it.
        var settled = await Eventually.GetAsync(
            async () => (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!,
            current => current["referrals"]!.AsArray().All(referral => (string)referral!["status"]! == "unmet"),
            "the referrals routed");
        var versionBefore = (int)settled["version"]!;

        using var admin = host.ClientFor(Roles.Admin);
        var listed = (await admin.GetFromJsonAsync<JsonObject>($"/api/operations/poison/{queue}"))!;
        Assert.Contains(listed["items"]!.AsArray(), item => (string)item!["messageId"]! == sent.MessageId);
        Assert.DoesNotContain(caseId, listed.ToJsonString(), StringComparison.Ordinal);

        using (var replay = await admin.PostAsync($"/api/operations/poison/{queue}/replay", null))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            // At least ours: under load the host may have given up on other messages of this queue too.
            Assert.True((int)(await replay.ReadObjectAsync())["replayed"]! >= 1);
        }

        await Eventually.GetAsync(
            async () => (await host.Storage.Queue(queue).PeekMessagesAsync(32)).Value.Concat((await poison.PeekMessagesAsync(32)).Value).Select(item => item.Body.ToString()).ToList(),
            bodies => !bodies.Contains(message),
            "the replayed message consumed");
        Assert.DoesNotContain((await admin.GetFromJsonAsync<JsonObject>($"/api/operations/poison/{queue}"))!["items"]!.AsArray(), item => (string)item!["messageId"]! == sent.MessageId);
        Assert.Equal(versionBefore, (int)(await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!["version"]!);
    }

    [Fact]
    public async Task Only_admins_reach_the_poison_queues_and_only_the_apps_queues_exist()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-replay");
        using (var forbidden = await caseworker.PostAsync($"/api/operations/poison/{QueueNames.NotifyProvider}/replay", null))
        {
            await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var anonymous = await host.Client.GetAsync($"/api/operations/poison/{QueueNames.NotifyProvider}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var admin = host.ClientFor(Roles.Admin);
        using (var unknown = await admin.GetAsync("/api/operations/poison/cases"))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        var empty = (await admin.GetFromJsonAsync<JsonObject>($"/api/operations/poison/{QueueNames.NotifyProvider}"))!;
        Assert.Equal(0, (int)empty["approximateCount"]!);
        Assert.Empty(empty["items"]!.AsArray());
    }
}
