using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// Storage taken away mid-run (connections refused) or hanging (Azurite frozen with SIGSTOP): every route that
/// needs storage answers 503 with Retry-After within the storage clients' time budget, nothing is half-written,
/// and the app carries on by itself once storage is back.
/// </summary>
public sealed class StorageOutageTests(StorageFaultHost host) : IClassFixture<StorageFaultHost>
{
    [Fact]
    public async Task While_storage_is_gone_every_route_answers_503_and_afterwards_every_acknowledged_case_is_readable_and_routed()
    {
        const string Area = "OUTAGE-1";
        await RoutedCases.PutProviderAsync(host, "outage-rehab", Area);
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-outage");
        var acknowledged = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            acknowledged.Add(await RoutedCases.RegisterAsync(caseworker, Area));
        }

        await host.CutStorageAsync();
        try
        {
            var ids = new RouteIds(acknowledged[0], await FirstReferralIdAsync(acknowledged[0]), "outage-rehab", "org-outage");
            await AssertEveryStorageRouteIsUnavailableAsync(ids);
            using var registration = await caseworker.RegisterAsync(RoutedCases.Registration(Area), idempotencyKey: "outage-during");
            await AssertUnavailableAsync(registration);
        }
        finally
        {
            host.RestoreStorage();
        }

        foreach (var caseId in acknowledged)
        {
            await RoutedCases.WaitUntilOfferedAsync(caseworker, caseId, timeoutSeconds: 60);
        }

        using var replay = await caseworker.RegisterAsync(RoutedCases.Registration(Area), idempotencyKey: "outage-during");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        AssertOnlyStorageFaultsFailedFunctions();
        LogAssertions.AssertNoPersonalDataOrSecrets(host.Logs);
    }

    [Fact]
    public async Task While_storage_hangs_every_route_answers_503_within_the_budget_and_the_app_recovers_by_itself()
    {
        const string Area = "OUTAGE-2";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-hang");
        var caseId = await RoutedCases.RegisterAsync(caseworker, Area);
        var ids = new RouteIds(caseId, await FirstReferralIdAsync(caseId), "hang-provider", "org-hang");

        await host.SuspendStorageAsync();
        try
        {
            await AssertEveryStorageRouteIsUnavailableAsync(ids);
        }
        finally
        {
            await host.ResumeStorageAsync();
        }

        await Eventually.GetAsync(() => host.Client.GetAsync("/api/health"), response => response.StatusCode == HttpStatusCode.OK, "health back to 200", timeoutSeconds: 60);
        Assert.Equal(caseId, await Eventually.GetAsync(
            async () => (string?)(await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!["caseId"],
            read => read is not null,
            "the case readable again"));
        AssertOnlyStorageFaultsFailedFunctions();
        LogAssertions.AssertNoPersonalDataOrSecrets(host.Logs);
    }

    // The router lets a storage fault fail its invocation, so the queue retries the message (see ReferralRouter).
    private void AssertOnlyStorageFaultsFailedFunctions() =>
        Assert.All(host.FunctionFailures, failure => Assert.True(StorageFaults.IsStorageFailure(failure, CancellationToken.None), failure.ToString()));

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private async Task<string> FirstReferralIdAsync(string caseId)
    {
        var stored = await host.Storage.Table(TableNames.Cases)
            .QueryAsync<Azure.Data.Tables.TableEntity>(entity => entity.PartitionKey == caseId).ToListAsync();
        return stored.Select(row => row.RowKey).First(rowKey => rowKey.StartsWith("referral-", StringComparison.Ordinal))["referral-".Length..];
    }

    // All at once: each waits for storage for at most the clients' budget, and a hung request must not hold up the next.
    private async Task AssertEveryStorageRouteIsUnavailableAsync(RouteIds ids)
    {
        var requests = ApiRoutes.All(ids).Where(request => request.TouchesStorage).ToList();
        var responses = await Task.WhenAll(requests.Select(request => host.Client.SendAsync(request.ToMessage(ids))));
        foreach (var (request, response) in requests.Zip(responses))
        {
            using (response)
            {
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{request.Method} {request.Path}: {(int)response.StatusCode}");
                Assert.True(response.Headers.RetryAfter is not null, $"{request.Method} {request.Path}: no Retry-After");
                if (request.Path == "/api/health")
                {
                    Assert.Equal("unhealthy", (string)(await response.ReadObjectAsync())["status"]!);
                }
                else
                {
                    await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
                }
            }
        }
    }
}
