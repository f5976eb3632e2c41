using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace VictimAssistance.Tests.Support;

public static class CaseSamples
{
    public const string GivenName = "Aysel";
    public const string FamilyName = "Mammadova";
    public const string Phone = "+994501234567";

    /// <summary>The registration example of API.md, as a mutable JSON object.</summary>
    public static JsonObject Registration(string givenName = GivenName, bool referralConsent = true) => new()
    {
        ["victimType"] = "survivor",
        ["survivor"] = new JsonObject
        {
            ["givenName"] = givenName,
            ["familyName"] = FamilyName,
            ["sex"] = "female",
            ["dateOfBirth"] = "1988-03-14",
            ["estimatedAge"] = null,
            ["phone"] = Phone,
            ["preferredLanguage"] = "az",
            ["location"] = new JsonObject { ["admin1"] = "AZ-AGM", ["admin2"] = "Aghdam", ["community"] = "Quzanli" },
            ["functioning"] = new JsonObject { ["seeing"] = 1, ["hearing"] = 2, ["walking"] = 4, ["cognition"] = 1, ["selfCare"] = 2, ["communication"] = 1 },
        },
        ["incident"] = new JsonObject
        {
            ["date"] = "2024-05-10",
            ["deviceType"] = "antipersonnel_mine",
            ["civilianStatus"] = "civilian",
            ["activity"] = "farming",
            ["injuries"] = new JsonArray("lower_limb_amputation"),
            ["location"] = new JsonObject { ["admin1"] = "AZ-AGM" },
        },
        ["legalBasis"] = "consent",
        ["consent"] = new JsonObject { ["referral"] = referralConsent, ["givenBy"] = "survivor" },
        ["needs"] = new JsonArray(
            new JsonObject { ["serviceType"] = "rehabilitation", ["urgency"] = "priority", ["notes"] = "prosthesis fitting" },
            new JsonObject { ["serviceType"] = "psychosocial", ["urgency"] = "routine", ["notes"] = "counselling" }),
    };

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
}

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test after the timeout. For eventually consistent reads only.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeoutSeconds}s waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
