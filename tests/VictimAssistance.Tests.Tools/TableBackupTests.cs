using Azure.Data.Tables;
using VictimAssistance.Tests.Support;
using VictimAssistance.TableBackup;

namespace VictimAssistance.Tests.Tools;

/// <summary>The case tables' backup (tools/VictimAssistance.TableBackup) round-trips on a real Azurite.</summary>
public sealed class TableBackupTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_restore_gives_back_every_entity_with_its_keys_values_and_types()
    {
        var source = azurite.Storage.Table("BackupSource");
        await source.CreateIfNotExistsAsync();
        var typed = new TableEntity("org-a", "case-1")
        {
            ["Text"] = "Ağdam – ünïcode",
            ["Flag"] = true,
            ["Small"] = 42,
            ["Large"] = 9_007_199_254_740_993L,
            ["Ratio"] = 0.25,
            ["When"] = new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero),
            ["Id"] = Guid.Parse("8a1e2d3c-0000-4000-8000-000000000001"),
            ["Bytes"] = new byte[] { 0, 1, 254, 255 },
        };
        await source.AddEntityAsync(typed);

        // More than one transaction (100 entities) and more than one partition.
        foreach (var partition in new[] { "org-b", "org-c" })
        {
            await source.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(row =>
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"row-{row:D3}") { ["N"] = row })));
            await source.AddEntityAsync(new TableEntity(partition, "row-100") { ["N"] = 100 });
        }

        using var backup = new StringWriter();
        var exported = await TableJsonLines.ExportAsync(source, backup, CancellationToken.None);

        var target = azurite.Storage.Table("BackupTarget");
        var imported = await TableJsonLines.ImportAsync(target, new StringReader(backup.ToString()), CancellationToken.None);

        Assert.Equal(203, exported);
        Assert.Equal(exported, imported);
        var restored = (await target.GetEntityAsync<TableEntity>("org-a", "case-1")).Value;
        foreach (var name in new[] { "Text", "Flag", "Small", "Large", "Ratio", "When", "Id", "Bytes" })
        {
            Assert.Equal(typed[name], restored[name]);
        }

        Assert.Equal(
            await Keys(source),
            await Keys(target));
    }

    [Fact]
    public async Task A_restore_replaces_an_entity_with_the_same_keys()
    {
        var table = azurite.Storage.Table("BackupReplace");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Status"] = "open" });
        using var backup = new StringWriter();
        await TableJsonLines.ExportAsync(table, backup, CancellationToken.None);
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Status"] = "closed", ["Extra"] = 1 }, TableUpdateMode.Replace);

        await TableJsonLines.ImportAsync(table, new StringReader(backup.ToString()), CancellationToken.None);

        var restored = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;
        Assert.Equal("open", restored["Status"]);
        Assert.False(restored.ContainsKey("Extra"));
    }

    private static async Task<List<string>> Keys(TableClient table)
    {
        var keys = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            keys.Add($"{entity.PartitionKey}/{entity.RowKey}");
        }

        return keys;
    }
}
