using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Support;

/// <summary>The sample case of <c>seeds/cases/</c>, the one the README registers, and helpers to send cases.</summary>
public static class CaseSamples
{
    public const string SeedPath = "seeds/cases/survivor-with-rehabilitation-need.json";

    private static readonly Lazy<JsonObject> Seed = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot(), SeedPath)))!.AsObject());

    public static string GivenName => Text("survivor", "givenName");

    public static string FamilyName => Text("survivor", "familyName");

    public static string Phone => Text("survivor", "phone");

    /// <summary>
    /// The seed survivor's personal values, which must never reach logs, queues or error bodies: names, date
    /// of birth, phone (digits, so a number logged without its + is caught too), places below admin1 and the
    /// free text of the needs.
    /// </summary>
    public static IReadOnlyList<string> PersonalValues =>
    [
        GivenName,
        FamilyName,
        Text("survivor", "dateOfBirth"),
        Phone.TrimStart('+'),
        Text("survivor", "location", "admin2"),
        Text("survivor", "location", "community"),
        .. Seed.Value["needs"]!.AsArray().Select(need => (string)need!["notes"]!),
    ];

    /// <summary>The seed case as a new mutable JSON object, optionally with another given name or without referral consent.</summary>
    public static JsonObject Registration(string? givenName = null, bool referralConsent = true)
    {
        var body = Seed.Value.DeepClone().AsObject();
        if (givenName is not null)
        {
            body["survivor"]!["givenName"] = givenName;
        }

        body["consent"]!["referral"] = referralConsent;
        return body;
    }

    public static StringContent JsonContent(JsonNode body, string mediaType = "application/json") =>
        new(body.ToJsonString(), Encoding.UTF8, mediaType);

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<HttpResponseMessage> RegisterAsync(this HttpClient client, JsonObject body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PatchAsync(this HttpClient client, string caseId, string? etag, JsonNode patch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/cases/{caseId}") { Content = JsonContent(patch, "application/merge-patch+json") };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return await client.SendAsync(request);
    }

    private static string Text(params string[] path) =>
        (string)path.Aggregate<string, JsonNode>(Seed.Value, (node, name) => node[name]!)!;
}

public static class Eventually
{
    /// <summary>
    /// Reads until the condition holds, for eventually consistent reads only: the work it waits on happens in the
    /// app's own time, which a loaded machine stretches, so only <see cref="Patience.Bound"/> ends the wait.
    /// </summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience.Bound;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Gave up after {Patience.Bound} waiting for {what}.");
            }

            // Between reads, so that polling does not take the CPU the awaited work needs.
            await Task.Delay(100);
        }
    }
}
