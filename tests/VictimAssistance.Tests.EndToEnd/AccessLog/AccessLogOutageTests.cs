using System.Net;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Reliability;
using VictimAssistance.Tests.Support;
using static VictimAssistance.Tests.AccessLog.AccessLogReading;

namespace VictimAssistance.Tests.AccessLog;

/// <summary>
/// A read is answered only once its access record is queued: with the queues gone and the tables still there, every
/// read of a case's data answers 503 and shows nothing of it; with the queues back, the same reads answer again.
/// </summary>
public sealed class AccessLogOutageTests(StorageFaultHost host) : StorageOutageTests(host), IClassFixture<StorageFaultHost>
{
    [Fact]
    public async Task A_read_whose_access_record_cannot_be_queued_answers_503_and_never_the_data()
    {
        const string ProviderId = "access-outage-rehab";
        using var caseworker = Host.ClientFor(Roles.Caseworker, "org-access-outage");
        using var provider = Host.ClientFor(Roles.Provider, providerId: ProviderId);
        var (caseId, referrals) = await RoutedCases.RegisterAndRouteAsync(Host, caseworker, "AZ-SBN", ProviderId);
        var referralId = (string)referrals[0]!["referralId"]!;
        await WaitUntilListedAsync(caseworker, "/api/cases", "caseId", caseId);
        await WaitUntilListedAsync(provider, "/api/referrals", "referralId", referralId);
        (HttpClient Reader, string Path)[] reads =
        [
            (caseworker, $"/api/cases/{caseId}"),
            (caseworker, $"/api/cases/{caseId}/history"),
            (caseworker, "/api/cases"),
            (provider, $"/api/referrals/{referralId}"),
            (provider, "/api/referrals"),
        ];
        await StorageSnapshot.WaitUntilQueuesAreDrainedAsync(Host.Storage);

        await Host.CutQueuesAsync();
        try
        {
            foreach (var (reader, path) in reads)
            {
                using var response = await reader.GetAsync(path);
                await AssertUnavailableAsync(response);
                var body = await response.Content.ReadAsStringAsync();
                Assert.All(CaseSamples.PersonalValues, value => Assert.DoesNotContain(value, body, StringComparison.OrdinalIgnoreCase));
            }
        }
        finally
        {
            Host.RestoreQueues();
        }

        foreach (var (reader, path) in reads)
        {
            using var response = await reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        AssertOnlyStorageFaultsFailedFunctions();
    }
}
