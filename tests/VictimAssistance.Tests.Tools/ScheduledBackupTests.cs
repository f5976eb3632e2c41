using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VictimAssistance.Core.Backup;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Tools;

/// <summary>An account of its own to restore into, beside the one the backup is taken from.</summary>
public sealed class RestoreTargetAzurite : AzuriteFixture;

/// <summary>
/// The timer's backup (<see cref="CaseTablesBackup"/>) on a real Azurite's blob service, restored the documented way:
/// the folder downloaded as <c>az storage blob download-batch</c> lays it out, then the tool's <c>import</c>.
/// </summary>
public sealed class ScheduledBackupTests(AzuriteFixture source, RestoreTargetAzurite target)
    : IClassFixture<AzuriteFixture>, IClassFixture<RestoreTargetAzurite>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_backup_holds_every_case_table_and_the_tool_restores_it_entity_for_entity()
    {
        await using var services = await CoreOnAzurite.StartAsync(source.ConnectionString, services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start)));
        var storage = services.GetRequiredService<StorageClients>();
        foreach (var table in TableNames.Data)
        {
            await storage.Table(table).AddEntityAsync(new TableEntity($"partition-{table}", "row-1")
            {
                ["Text"] = $"Ağdam {table}",
                ["Count"] = 3,
                ["At"] = Start,
                ["Bytes"] = new byte[] { 1, 2, 3 },
            });
            await storage.Table(table).AddEntityAsync(new TableEntity($"partition-{table}", "row-2") { ["Large"] = long.MaxValue });
        }

        var manifest = await services.GetRequiredService<CaseTablesBackup>().BackUpAsync(CancellationToken.None);

        Assert.Equal("20261207T010000Z", manifest.Folder);
        var container = BlobContainer(source);
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, manifest.Folder + "/", CancellationToken.None))
        {
            blobs.Add(blob.Name);
        }

        Assert.Equal(
            TableNames.Data.Select(table => $"{manifest.Folder}/{table}{CaseTablesBackup.TableExtension}").Append($"{manifest.Folder}/{CaseTablesBackup.ManifestName}").Order(StringComparer.Ordinal),
            blobs.Order(StringComparer.Ordinal));
        Assert.True(await container.GetBlobClient(CaseTablesBackup.ErasureListOf(manifest.Folder)).ExistsAsync());
        var stored = JsonSerializer.Deserialize((await container.GetBlobClient($"{manifest.Folder}/{CaseTablesBackup.ManifestName}").DownloadContentAsync()).Value.Content, BackupJson.Default.BackupManifest)!;
        Assert.Equal(TableNames.All.Order(StringComparer.Ordinal), stored.Entities.Keys.Order(StringComparer.Ordinal));
        Assert.All(TableNames.Data, table => Assert.Equal(2, stored.Entities[table]));

        var restore = Directory.CreateTempSubdirectory("va-restore-");
        try
        {
            await DownloadFolderAsync(container, manifest.Folder, restore.FullName);
            var erasureList = Path.Combine(restore.FullName, "erasures.jsonl");
            await container.GetBlobClient(CaseTablesBackup.ErasureListOf(manifest.Folder)).DownloadToAsync(erasureList);
            await RunToolAsync(["import", Path.Combine(restore.FullName, manifest.Folder), erasureList], target.ConnectionString);
        }
        finally
        {
            restore.Delete(recursive: true);
        }

        foreach (var table in TableNames.Data)
        {
            Assert.Equal(await ContentAsync(storage.Table(table)), await ContentAsync(target.Storage.Table(table)));
        }
    }

    [Fact]
    public async Task A_second_backup_in_the_same_second_fails_overwrites_nothing_and_is_not_counted_as_completed()
    {
        await using var services = await CoreOnAzurite.StartAsync(source.ConnectionString, services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start.AddHours(1))));
        var backup = services.GetRequiredService<CaseTablesBackup>();
        long completed = 0;
        var counter = AppTelemetry.BackupsCompleted;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (ReferenceEquals(instrument, counter))
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref completed, value));
        listener.Start();
        var first = await backup.BackUpAsync(CancellationToken.None);
        var manifest = BlobContainer(source).GetBlobClient($"{first.Folder}/{CaseTablesBackup.ManifestName}");
        var written = (await manifest.GetPropertiesAsync()).Value.ETag;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => backup.BackUpAsync(CancellationToken.None));

        Assert.Equal(409, error.Status);
        Assert.Equal(written, (await manifest.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(1, Interlocked.Read(ref completed));
    }

    [Fact]
    public void In_Azure_the_backup_writes_to_the_configured_container_with_the_identity_and_creates_nothing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Backup:ContainerUri"] = "https://stbvaexample.blob.core.windows.net/case-backups",
            ["Backup:credential"] = "managedidentity",
            ["Backup:clientId"] = "00000000-0000-0000-0000-0000000000c1",
        }).Build();
        var identityStorage = new StorageAccountSettings(null, new Uri("https://stdvaexample.table.core.windows.net"), new Uri("https://stdvaexample.queue.core.windows.net"), "managedidentity", null);

        var container = BackupContainer.FromConfiguration(configuration, identityStorage);

        Assert.Equal(new Uri("https://stbvaexample.blob.core.windows.net/case-backups"), container.Client.Uri);
        Assert.False(container.CreateIfMissing);
    }

    [Fact]
    public void Without_a_container_and_without_a_connection_string_the_message_names_the_setting_to_set()
    {
        var identityStorage = new StorageAccountSettings(null, new Uri("https://stdvaexample.table.core.windows.net"), new Uri("https://stdvaexample.queue.core.windows.net"), "managedidentity", null);

        var error = Assert.Throws<InvalidOperationException>(() => BackupContainer.FromConfiguration(new ConfigurationBuilder().Build(), identityStorage));

        Assert.Contains("Backup__ContainerUri", error.Message, StringComparison.Ordinal);
    }

    private static BlobContainerClient BlobContainer(AzuriteFixture azurite) =>
        new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(BackupContainer.LocalContainerName);

    private static async Task DownloadFolderAsync(BlobContainerClient container, string folder, string destination)
    {
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, folder + "/", CancellationToken.None))
        {
            var path = Path.Combine(destination, blob.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await container.GetBlobClient(blob.Name).DownloadToAsync(path);
        }
    }

    /// <summary>The tool as the README runs it, with the case data account given by a connection string.</summary>
    private static async Task RunToolAsync(IEnumerable<string> arguments, string connectionString)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VictimAssistance.TableBackup.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CaseStorage"] = connectionString;
        using var tool = Process.Start(start)!;
        var output = tool.StandardOutput.ReadToEndAsync();
        var errors = tool.StandardError.ReadToEndAsync();
        await Patience.WaitAsync(tool.WaitForExitAsync(), "the backup tool");
        Assert.True(tool.ExitCode == 0, $"The tool exited {tool.ExitCode}: {await output} {await errors}");
    }

    private static async Task<List<string>> ContentAsync(TableClient table)
    {
        var entities = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            entities.Add(string.Join(
                ';',
                entity.Where(property => property.Key is not ("Timestamp" or "odata.etag"))
                    .OrderBy(property => property.Key, StringComparer.Ordinal)
                    .Select(property => $"{property.Key}={(property.Value is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(property.Value, System.Globalization.CultureInfo.InvariantCulture))}:{property.Value?.GetType().Name}")));
        }

        return entities;
    }
}
