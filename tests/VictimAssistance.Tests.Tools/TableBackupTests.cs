using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using VictimAssistance.Core.Backup;
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

    [Fact]
    public async Task A_restore_of_whole_partitions_deletes_their_rows_the_backup_does_not_have_and_leaves_other_partitions()
    {
        var table = azurite.Storage.Table("BackupWholePartitions");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("case-1", "case") { ["Version"] = 1 });
        await table.AddEntityAsync(new TableEntity("case-1", "event-0000000001"));
        using var backup = new StringWriter();
        await TableJsonLines.ExportAsync(table, backup, CancellationToken.None);
        await table.UpsertEntityAsync(new TableEntity("case-1", "case") { ["Version"] = 2 }, TableUpdateMode.Replace);
        await table.AddEntityAsync(new TableEntity("case-1", "event-0000000002"));
        await table.AddEntityAsync(new TableEntity("case-2", "case"));

        await TableJsonLines.ImportAsync(table, new StringReader(backup.ToString()), CancellationToken.None, wholePartitions: true);

        Assert.Equal(["case-1/case", "case-1/event-0000000001", "case-2/case"], await Keys(table));
        Assert.Equal(1, (await table.GetEntityAsync<TableEntity>("case-1", "case")).Value["Version"]);
    }

    [Fact]
    public void The_documented_identity_configuration_needs_only_the_table_endpoint()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CaseStorage:tableServiceUri"] = "https://stdvaexample.table.core.windows.net/",
        }).Build();

        var tables = BackupTables.FromConfiguration(configuration);

        Assert.Equal(new Uri("https://stdvaexample.table.core.windows.net/"), tables.Uri);
        Assert.Equal("stdvaexample", tables.AccountName);
    }

    [Fact]
    public void A_managed_identity_configuration_by_account_name_reaches_that_accounts_tables()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CaseStorage:accountName"] = "stdvaexample",
            ["CaseStorage:credential"] = "managedidentity",
            ["CaseStorage:clientId"] = "00000000-0000-0000-0000-0000000000c1",
        }).Build();

        Assert.Equal(new Uri("https://stdvaexample.table.core.windows.net"), BackupTables.FromConfiguration(configuration).Uri);
    }

    [Fact]
    public void Without_a_table_endpoint_the_message_names_the_setting_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BackupTables.FromConfiguration(new ConfigurationBuilder().Build()));

        Assert.Contains("AzureWebJobsStorage__tableServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_string_configuration_exports_from_that_account()
    {
        var source = azurite.Storage.Table("BackupByConnectionString");
        await source.CreateIfNotExistsAsync();
        await source.AddEntityAsync(new TableEntity("p", "r") { ["N"] = 1 });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CaseStorage"] = azurite.ConnectionString,
        }).Build();

        using var backup = new StringWriter();
        var exported = await TableJsonLines.ExportAsync(
            BackupTables.FromConfiguration(configuration).GetTableClient("BackupByConnectionString"), backup, CancellationToken.None);

        Assert.Equal(1, exported);
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
