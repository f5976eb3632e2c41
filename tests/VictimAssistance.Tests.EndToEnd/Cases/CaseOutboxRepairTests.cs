using System.Net;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>
/// The secondary write after an acknowledged registration fails (its table is gone, as if the process died
/// before it): the case is still complete in its partition, the outbox row stays pending, and once storage is
/// whole again the outbox repairs the list and the referrals are routed. Nothing acknowledged is lost.
/// </summary>
public sealed class CaseOutboxRepairTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task A_failed_secondary_write_is_repaired_from_the_outbox()
    {
        var storage = host.Storage;
        using var client = host.ClientFor(Roles.Caseworker, "org-repair");
        await storage.Tables.DeleteTableAsync(TableNames.CasesByOrganization);

        using var created = await client.RegisterAsync(CaseSamples.Registration());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (string)(await created.ReadObjectAsync())["caseId"]!;

        await Eventually.GetAsync(
            () => Task.FromResult(host.Logs.Lines.Count(line => line.Contains($"Outbox of case {caseId}", StringComparison.Ordinal) && line.Contains("storage fault", StringComparison.Ordinal))),
            failures => failures >= 1,
            "the outbox processing to fail on the missing table");
        Assert.Equal(1, await PendingOutboxRowsAsync(storage, caseId));
        using (var read = await client.GetAsync($"/api/cases/{caseId}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        await storage.Tables.CreateTableIfNotExistsAsync(TableNames.CasesByOrganization);

        await Eventually.GetAsync(
            async () => (await (await client.GetAsync("/api/cases")).ReadObjectAsync())["items"]!.AsArray().Select(item => (string)item!["caseId"]!).ToList(),
            items => items.Contains(caseId),
            "the repaired list to show the case");
        await Eventually.GetAsync(() => PendingOutboxRowsAsync(storage, caseId), pending => pending == 0, "the outbox row to be deleted");

        // Both referrals went through route-referral: with no provider in the directory the router marks them unmet.
        var referrals = await Eventually.GetAsync(
            async () => (await (await client.GetAsync($"/api/cases/{caseId}")).ReadObjectAsync())["referrals"]!.AsArray(),
            items => items.All(item => (string)item!["status"]! == "unmet"),
            "both referrals routed");
        Assert.Equal(2, referrals.Count);
    }

    private static async Task<int> PendingOutboxRowsAsync(StorageClients storage, string caseId) =>
        await storage.Table(TableNames.Cases).QueryAsync<TableEntity>(CaseRows.RangeFilter(caseId, CaseRows.OutboxPrefix)).CountAsync();
}
