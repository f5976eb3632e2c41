using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>The records a valid request names: one case with one referral, its organisation and the provider it was offered to.</summary>
public sealed record RouteIds(string CaseId, string ReferralId, string ProviderId, string Organization);

/// <summary>One valid request of a route, by the role that may make it (null: anonymous).</summary>
public sealed record ApiRequest(string Method, string Path, string? Role, JsonNode? Body = null, string MediaType = "application/json", string? IfMatch = null, string? IntakeKey = null)
{
    /// <summary>
    /// True for the routes that read or write storage: all but the OpenAPI document and the Kobo pull, which reads
    /// nothing when no KoboToolbox project is configured (as in the fault suites).
    /// </summary>
    public bool TouchesStorage => Path is not ("/api/openapi.json" or "/api/operations/intake/kobo/pull");

    public HttpRequestMessage ToMessage(RouteIds ids) => ToMessage(ids, Body is null ? null : Encoding.UTF8.GetBytes(Body.ToJsonString()), MediaType);

    /// <summary>This request with another body (raw bytes) and content type, as a hostile client would send it.</summary>
    public HttpRequestMessage ToMessage(RouteIds ids, byte[]? body, string? mediaType, string? path = null)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), path ?? Path);
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            if (mediaType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
            }
        }

        if (Role is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(Role, ids));
        }

        if (IfMatch is not null)
        {
            message.Headers.TryAddWithoutValidation("If-Match", IfMatch);
        }

        if (IntakeKey is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Intake-Key", IntakeKey);
        }

        return message;
    }

    public static string TokenFor(string role, RouteIds ids) => LocalHostFixture.Token(
        role,
        organization: role is Roles.Caseworker or Roles.Manager ? ids.Organization : null,
        providerId: role == Roles.Provider ? ids.ProviderId : null);
}

/// <summary>
/// Every route the app serves, each with one valid request: the fault suites walk this list, so a new route is
/// covered by adding it here once.
/// </summary>
public static class ApiRoutes
{
    /// <summary>A well-formed hold id that holds nothing: the held-submission routes read storage and answer 404.</summary>
    private const string HeldId = "0123456789abcdef0123456789abcdef";

    public static IReadOnlyList<ApiRequest> All(RouteIds ids) =>
    [
        new("GET", "/api/health", null),
        new("GET", "/api/openapi.json", null),
        new("POST", "/api/cases", Roles.Caseworker, CaseSamples.Registration()),
        new("GET", "/api/cases", Roles.Caseworker),
        new("GET", $"/api/cases/{ids.CaseId}", Roles.Caseworker),
        new("PATCH", $"/api/cases/{ids.CaseId}", Roles.Caseworker, new JsonObject { ["survivor"] = new JsonObject { ["preferredLanguage"] = "ru" } }, "application/merge-patch+json", "\"1\""),
        new("GET", $"/api/cases/{ids.CaseId}/history", Roles.Caseworker),
        new("GET", $"/api/cases/{ids.CaseId}/access-log", Roles.Admin),
        new("POST", $"/api/cases/{ids.CaseId}/referrals", Roles.Caseworker, new JsonObject { ["serviceType"] = "legal", ["urgency"] = "routine" }),
        new("POST", $"/api/cases/{ids.CaseId}/close", Roles.Caseworker, new JsonObject { ["reason"] = "moved away" }),
        new("PUT", $"/api/providers/{ids.ProviderId}", Roles.Admin, ProviderSamples.Provider()),
        new("GET", "/api/providers", Roles.Caseworker),
        new("GET", $"/api/providers/{ids.ProviderId}", Roles.Caseworker),
        new("GET", "/api/referrals", Roles.Provider),
        new("GET", $"/api/referrals/{ids.ReferralId}", Roles.Provider),
        new("POST", $"/api/referrals/{ids.ReferralId}/accept", Roles.Provider),
        new("POST", $"/api/referrals/{ids.ReferralId}/decline", Roles.Provider, new JsonObject { ["reason"] = "no places" }),
        new("POST", $"/api/referrals/{ids.ReferralId}/complete", Roles.Provider, new JsonObject { ["outcome"] = "service_provided" }),
        new("POST", "/api/intake/kobo", null, KoboSamples.Submission("survivor-registration-1.json"), IntakeKey: KoboSamples.IntakeKey),
        new("GET", "/api/intake/held", Roles.Caseworker),
        new("GET", $"/api/intake/held/{HeldId}", Roles.Caseworker),
        new("POST", $"/api/intake/held/{HeldId}/release", Roles.Caseworker, new JsonObject { ["survivor/sex"] = "male" }, "application/merge-patch+json"),
        new("POST", $"/api/intake/held/{HeldId}/discard", Roles.Caseworker, new JsonObject { ["reason"] = "duplicate" }),
        new("POST", "/api/operations/intake/kobo/pull", Roles.Admin),
        new("GET", "/api/statistics", Roles.Manager),
        new("GET", "/api/statistics/export", Roles.Manager),
        new("POST", "/api/operations/statistics/recount", Roles.Admin),
        new("GET", "/api/operations/poison/notify-provider", Roles.Admin),
        new("POST", "/api/operations/poison/route-referral/replay", Roles.Admin),

        // Last: when it succeeds, the case is erased and its other routes answer 410.
        new("POST", $"/api/cases/{ids.CaseId}/erase", Roles.Admin, new JsonObject { ["reason"] = "Data subject request" }),
    ];
}
