using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// The seed case in an area of its own, with a provider there for both its needs, so each test's referrals are
/// offered to its own provider.
/// </summary>
public static class RoutedCases
{
    /// <summary>The seed registration, its survivor living in <paramref name="area"/>.</summary>
    public static JsonObject Registration(string area)
    {
        var registration = CaseSamples.Registration();
        registration["survivor"]!["location"]!["admin1"] = area;
        return registration;
    }

    /// <summary>Puts a provider of both seed needs (rehabilitation, psychosocial) covering the area.</summary>
    public static async Task PutProviderAsync(LocalHostFixture host, string providerId, string area)
    {
        using var admin = host.ClientFor(Roles.Admin);
        using var put = await admin.PutProviderAsync(providerId, ProviderSamples.Provider(services: ["rehabilitation", "psychosocial"], admin1: [area]));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    /// <summary>Registers the seed case in the area; its id.</summary>
    public static async Task<string> RegisterAsync(HttpClient caseworker, string area)
    {
        using var response = await caseworker.RegisterAsync(Registration(area));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["caseId"]!;
    }

    /// <summary>Waits until every referral of the case is offered; its referrals.</summary>
    public static Task<JsonArray> WaitUntilOfferedAsync(HttpClient caseworker, string caseId) =>
        Eventually.GetAsync(
            async () => (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!["referrals"]!.AsArray(),
            referrals => referrals.All(referral => (string)referral!["status"]! == "offered"),
            $"every referral of case {caseId} offered");

    /// <summary>A provider for the area, the seed case registered there and both its referrals offered.</summary>
    public static async Task<(string CaseId, JsonArray Referrals)> RegisterAndRouteAsync(LocalHostFixture host, HttpClient caseworker, string area, string providerId)
    {
        await PutProviderAsync(host, providerId, area);
        var caseId = await RegisterAsync(caseworker, area);
        return (caseId, await WaitUntilOfferedAsync(caseworker, caseId));
    }
}
