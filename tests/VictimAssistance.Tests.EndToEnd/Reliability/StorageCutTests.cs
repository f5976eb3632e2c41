using System.Net;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// Storage taken away mid-run (connections refused): 503 with Retry-After everywhere, nothing half-written, and the
/// app carries on by itself once storage is back.
/// </summary>
public sealed class StorageCutTests(StorageFaultHost host) : StorageOutageTests(host), IClassFixture<StorageFaultHost>
{
    [Fact]
    public async Task While_storage_is_gone_every_route_answers_503_and_afterwards_every_acknowledged_case_is_intact_and_new_work_is_routed()
    {
        const string Area = "AZ-KUR";
        await RoutedCases.PutProviderAsync(Host, "outage-rehab", Area);
        using var caseworker = Host.ClientFor(Roles.Caseworker, "org-outage");
        var acknowledged = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            acknowledged.Add(await RoutedCases.RegisterAsync(caseworker, Area));
        }

        // A message in flight when storage goes away comes back only when its 10-minute lease ends, as under the
        // Functions host (see README): let the follow-up work finish first.
        await StorageSnapshot.WaitUntilQueuesAreDrainedAsync(Host.Storage);
        await Host.CutStorageAsync();
        try
        {
            var ids = new RouteIds(acknowledged[0], await FirstReferralIdAsync(acknowledged[0]), "outage-rehab", "org-outage");
            await AssertEveryStorageRouteIsUnavailableAsync(ids);
            using var registration = await caseworker.RegisterAsync(RoutedCases.Registration(Area), idempotencyKey: "outage-during");
            await AssertUnavailableAsync(registration);
        }
        finally
        {
            Host.RestoreStorage();
        }

        foreach (var caseId in acknowledged)
        {
            await RoutedCases.WaitUntilOfferedAsync(caseworker, caseId);
        }

        using var replay = await caseworker.RegisterAsync(RoutedCases.Registration(Area), idempotencyKey: "outage-during");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        await RoutedCases.WaitUntilOfferedAsync(caseworker, (string)(await replay.ReadObjectAsync())["caseId"]!);
        AssertOnlyStorageFaultsFailedFunctions();
        LogAssertions.AssertNoPersonalDataOrSecrets(Host.Logs);
    }
}
