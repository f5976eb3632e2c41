using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Foundation;

/// <summary>The add-first write of a row expected to be new keeps the guarantee of the read-first one: never an older version back.</summary>
public sealed class VersionedRowsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Add_first_writes_a_row_the_table_does_not_have()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var (rows, table) = Parts(services);
        var partition = NewPartition();

        await rows.AddOrWriteIfNewerAsync(table, Row(partition, version: 1, status: "open"), CancellationToken.None);

        Assert.Equal(1, (await table.GetEntityAsync<CaseListEntity>(partition, "row")).Value.Version);
    }

    [Fact]
    public async Task Add_first_never_replaces_a_newer_row()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var (rows, table) = Parts(services);
        var partition = NewPartition();
        await rows.WriteIfNewerAsync(table, Row(partition, version: 3, status: "closed"), CancellationToken.None);

        await rows.AddOrWriteIfNewerAsync(table, Row(partition, version: 1, status: "open"), CancellationToken.None);

        var stored = (await table.GetEntityAsync<CaseListEntity>(partition, "row")).Value;
        Assert.Equal((3, "closed"), (stored.Version, stored.Status));
    }

    [Fact]
    public async Task Add_first_replaces_an_older_row()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var (rows, table) = Parts(services);
        var partition = NewPartition();
        await rows.WriteIfNewerAsync(table, Row(partition, version: 1, status: "open"), CancellationToken.None);

        await rows.AddOrWriteIfNewerAsync(table, Row(partition, version: 2, status: "closed"), CancellationToken.None);

        var stored = (await table.GetEntityAsync<CaseListEntity>(partition, "row")).Value;
        Assert.Equal((2, "closed"), (stored.Version, stored.Status));
    }

    private static (VersionedRows Rows, Azure.Data.Tables.TableClient Table) Parts(IServiceProvider services) =>
        (services.GetRequiredService<VersionedRows>(), services.GetRequiredService<StorageClients>().Table(TableNames.CasesByOrganization));

    private static string NewPartition() => "org-versioned-" + Guid.NewGuid().ToString("N");

    private static CaseListEntity Row(string partition, int version, string status) =>
        new() { PartitionKey = partition, RowKey = "row", CaseId = "case", Version = version, Status = status };
}
