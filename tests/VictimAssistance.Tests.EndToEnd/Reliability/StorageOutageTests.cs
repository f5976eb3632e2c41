using System.Net;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// What the storage outage tests share: every route that needs storage answers 503 with Retry-After while storage
/// is away, and only storage faults fail functions. Each outage has its own class, so its own LocalHost and storage
/// account: a message leased when storage went away stays invisible until its lease ends and would hold up the next.
/// </summary>
public abstract class StorageOutageTests(StorageFaultHost host)
{
    protected StorageFaultHost Host => host;

    // The router lets a storage fault fail its invocation, so the queue retries the message (see ReferralRouter).
    protected void AssertOnlyStorageFaultsFailedFunctions() =>
        Assert.All(host.FunctionFailures, failure => Assert.True(StorageFaults.IsStorageFailure(failure, CancellationToken.None), failure.ToString()));

    protected static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    protected async Task<string> FirstReferralIdAsync(string caseId)
    {
        var stored = await host.Storage.Table(TableNames.Cases)
            .QueryAsync<Azure.Data.Tables.TableEntity>(entity => entity.PartitionKey == caseId).ToListAsync();
        return stored.Select(row => row.RowKey).First(rowKey => rowKey.StartsWith("referral-", StringComparison.Ordinal))["referral-".Length..];
    }

    // All at once: each waits for storage for at most the clients' budget, and a hung request must not hold up the next.
    protected async Task AssertEveryStorageRouteIsUnavailableAsync(RouteIds ids)
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
