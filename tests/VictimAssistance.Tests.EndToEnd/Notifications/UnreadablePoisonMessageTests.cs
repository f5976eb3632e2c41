using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Notifications;

/// <summary>
/// A message that is not base64 (put on a queue by something other than the app) goes to the poison queue
/// unchanged. The admin routes show it by id, marked, without its text, and a replay keeps it there.
/// </summary>
public sealed class UnreadablePoisonMessageTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string Text = "not base64: Məmmədova +994501234567";

    [Fact]
    public async Task A_message_that_is_not_base64_is_listed_by_id_as_such_and_a_replay_keeps_it_in_the_poison_queue()
    {
        await host.Storage.RawQueue(QueueNames.RouteReferral).SendMessageAsync(Text);
        var poison = host.Storage.RawQueue(QueueNames.Poison(QueueNames.RouteReferral));
        await Eventually.GetAsync(
            async () => (await poison.ExistsAsync()).Value ? (await poison.PeekMessagesAsync(32)).Value.Select(message => message.Body.ToString()).ToList() : [],
            bodies => bodies.Contains(Text),
            "the message in route-referral-poison");
        using var admin = host.ClientFor(Roles.Admin);

        var listed = await ListAsync(admin);
        using var replay = await admin.PostAsync($"/api/operations/poison/{QueueNames.RouteReferral}/replay", null);
        var replayed = await replay.ReadObjectAsync();
        var listedAgain = await ListAsync(admin);

        var item = Assert.Single(listed["items"]!.AsArray());
        Assert.False((bool)item!["base64"]!);
        Assert.DoesNotContain("Məmmədova", listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(0, (int)replayed["replayed"]!);
        Assert.Equal(1, (int)replayed["kept"]!);
        Assert.Equal((string)item["messageId"]!, (string)Assert.Single(listedAgain["items"]!.AsArray())!["messageId"]!);
        Assert.Equal([Text], (await poison.PeekMessagesAsync(32)).Value.Select(message => message.Body.ToString()));
        Assert.Equal(0, (int)(await host.Storage.Queue(QueueNames.RouteReferral).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private static async Task<JsonObject> ListAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonObject>($"/api/operations/poison/{QueueNames.RouteReferral}"))!;
}
