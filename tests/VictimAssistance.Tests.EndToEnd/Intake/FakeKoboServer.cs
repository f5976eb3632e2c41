using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Intake;

/// <summary>
/// KoboToolbox's v2 data endpoint on loopback (Kestrel, port 0): <c>GET /api/v2/assets/{assetUid}/data/</c> with
/// <c>Authorization: Token …</c>, the Mongo-style <c>query</c> on <c>_id</c> ($gt) or on a field's presence
/// ($exists), <c>sort</c> by <c>_id</c>, and
/// paging by <c>limit</c>/<c>start</c> with a <c>next</c> URL. Like a real server it caps the page size (here at 2,
/// so the pull must follow <c>next</c>). Every request is recorded; an outage is an answer status set by the test.
/// </summary>
public sealed class FakeKoboServer : IAsyncDisposable
{
    public const string AssetUid = "aTestAsset2fKoboPull";
    public const string Token = "tests-only-kobo-api-token";
    private const int MaxPageSize = 2;

    private readonly ConcurrentDictionary<long, JsonObject> submissions = new();
    private readonly ConcurrentQueue<(string PathAndQuery, string Authorization)> requests = new();
    private readonly WebApplication app;
    private long lastId = 300_000_000;

    private FakeKoboServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The status every request gets instead of data (an outage), or null to serve data.</summary>
    public int? Outage { get; set; }

    /// <summary>Answers 401 whatever the token, as KoboToolbox does for a revoked one.</summary>
    public bool RefusesToken { get; set; }

    public IReadOnlyList<(string PathAndQuery, string Authorization)> Requests => requests.ToArray();

    public static async Task<FakeKoboServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeKoboServer(builder.Build());
        server.app.MapGet("/api/v2/assets/{assetUid}/data/", server.Serve);
        await server.app.StartAsync();
        server.BaseAddress = new Uri(LocalHostApp.ListeningAddresses(server.app).Single());
        return server;
    }

    /// <summary>Stores the submission as KoboToolbox would, with the next <c>_id</c>, and returns that id.</summary>
    public long Add(JsonObject submission)
    {
        var id = Interlocked.Increment(ref lastId);
        var stored = submission.DeepClone().AsObject();
        stored["_id"] = id;
        submissions[id] = stored;
        return id;
    }

    /// <summary>Replaces submission <paramref name="id"/> with an edited version, as an Enketo edit does: the <c>_id</c> stays.</summary>
    public void Edit(long id, JsonObject edited)
    {
        var stored = edited.DeepClone().AsObject();
        stored["_id"] = id;
        submissions[id] = stored;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private IResult Serve(string assetUid, HttpRequest request)
    {
        requests.Enqueue((request.Path + request.QueryString, request.Headers.Authorization.ToString()));
        if (request.Headers.Authorization.ToString() != $"Token {Token}" || RefusesToken)
        {
            return Results.Json(new JsonObject { ["detail"] = "Invalid token." }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (Outage is { } status)
        {
            return Results.StatusCode(status);
        }

        if (assetUid != AssetUid || request.Query["format"] != "json" || request.Query["sort"] != "{\"_id\":1}")
        {
            return Results.NotFound();
        }

        var (field, condition) = JsonNode.Parse(request.Query["query"].ToString())!.AsObject().Single();
        Func<JsonObject, bool> matches = field == "_id"
            ? item => (long)item["_id"]! > condition!["$gt"]!.GetValue<long>()
            : item => item.ContainsKey(field) == condition!["$exists"]!.GetValue<bool>();
        var limit = Math.Min(MaxPageSize, int.Parse(request.Query["limit"].ToString(), CultureInfo.InvariantCulture));
        var start = request.Query.TryGetValue("start", out var given) ? int.Parse(given.ToString(), CultureInfo.InvariantCulture) : 0;
        var matching = submissions.Values.Where(matches).OrderBy(item => (long)item["_id"]!).ToList();
        var page = matching.Skip(start).Take(limit).Select(item => (JsonNode)item.DeepClone()).ToArray();
        var next = start + limit < matching.Count
            ? $"{BaseAddress.ToString().TrimEnd('/')}{request.Path}?format=json&limit={limit}&start={start + limit}&query={Uri.EscapeDataString(request.Query["query"].ToString())}&sort={Uri.EscapeDataString(request.Query["sort"].ToString())}"
            : null;
        return Results.Text(new JsonObject { ["count"] = matching.Count, ["next"] = next, ["previous"] = null, ["results"] = new JsonArray(page) }.ToJsonString(), "application/json");
    }
}
