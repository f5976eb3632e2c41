using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// Storage that hangs (Azurite frozen with SIGSTOP): every request answers 503 with Retry-After within the storage
/// clients' time budget, never 500, and the app recovers by itself after SIGCONT.
/// </summary>
public sealed class StorageHangTests(FreezableStorageHost host) : StorageOutageTests(host), IClassFixture<FreezableStorageHost>
{
    [Fact]
    public async Task While_storage_hangs_every_route_answers_503_within_the_budget_and_the_app_recovers_by_itself()
    {
        const string Area = "AZ-LAN";
        using var caseworker = Host.ClientFor(Roles.Caseworker, "org-hang");
        var caseId = await RoutedCases.RegisterAsync(caseworker, Area);
        var ids = new RouteIds(caseId, await FirstReferralIdAsync(caseId), "hang-provider", "org-hang");

        await Host.SuspendStorageAsync();
        try
        {
            await AssertEveryStorageRouteIsUnavailableAsync(ids);
        }
        finally
        {
            await Host.ResumeStorageAsync();
        }

        await Eventually.GetAsync(() => Host.Client.GetAsync("/api/health"), response => response.StatusCode == HttpStatusCode.OK, "health back to 200");
        Assert.Equal(caseId, await Eventually.GetAsync(
            async () => (string?)(await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!["caseId"],
            read => read is not null,
            "the case readable again"));
        AssertOnlyStorageFaultsFailedFunctions();
        LogAssertions.AssertNoPersonalDataOrSecrets(Host.Logs);
    }
}
