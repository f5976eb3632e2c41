using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace VictimAssistance.Tests.Support;

public static class ProviderSamples
{
    /// <summary>A well-formed webhook secret that must never appear in a response or a log line.</summary>
    public const string Secret = "whsec_dGVzdHMtb25seS13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5";

    /// <summary>
    /// The provider example of API.md, as a mutable JSON object; its webhook (an address that does not resolve, so
    /// every notification to it fails and is retried) only when asked for.
    /// </summary>
    public static JsonObject Provider(
        string[]? services = null,
        string[]? admin1 = null,
        string[]? languages = null,
        int capacity = 40,
        string[]? sexes = null,
        int minAge = 0,
        int maxAge = 120,
        bool active = true,
        bool withWebhook = false)
    {
        var provider = new JsonObject
        {
            ["name"] = "Aghdam Rehabilitation Centre",
            ["active"] = active,
            ["services"] = Array(services ?? ["rehabilitation", "medical"]),
            ["coverage"] = new JsonObject { ["admin1"] = Array(admin1 ?? ["AZ-AGM", "AZ-TAR"]) },
            ["languages"] = Array(languages ?? ["az", "ru"]),
            ["capacity"] = capacity,
            ["eligibility"] = new JsonObject { ["sexes"] = Array(sexes ?? ["female", "male", "unknown"]), ["minAge"] = minAge, ["maxAge"] = maxAge },
        };
        if (withWebhook)
        {
            provider["webhook"] = new JsonObject { ["url"] = "https://provider.example/hooks/referrals", ["secret"] = Secret };
        }

        return provider;
    }

    public static Task<HttpResponseMessage> PutProviderAsync(this HttpClient admin, string providerId, JsonObject provider) =>
        admin.PutAsync($"/api/providers/{providerId}", CaseSamples.JsonContent(provider));

    private static JsonArray Array(string[] values) => new(values.Select(value => (JsonNode?)value).ToArray());
}
