using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Backup;

/// <summary>
/// The scheduled backup: every data table (<see cref="TableNames.Data"/>) into the backup container as
/// <c>{folder}/{table}.jsonl</c>, the format <c>tools/VictimAssistance.TableBackup</c> imports
/// (<see cref="TableJsonLines"/>), the folder named by the UTC start time; the erasure list
/// (<see cref="TableNames.Tombstones"/>) apart from the data, as <c>erasures/{folder}.jsonl</c>, so a restore takes
/// the newest list with any older data; then <c>{folder}/manifest.json</c> last.
/// Each table streams straight into its blob (nothing on disk, one buffer in memory). No blob is ever overwritten:
/// the container is write-once, and a second run in the same second fails rather than mix two exports.
/// </summary>
public sealed partial class CaseTablesBackup(
    StorageClients storage,
    StorageAccountSettings caseStorage,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<CaseTablesBackup> logger)
{
    public const string ManifestName = "manifest.json";
    public const string TableExtension = ".jsonl";
    public const string ErasureListFolder = "erasures";

    private static readonly BlobUploadOptions NewBlobOnly = new()
    {
        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        HttpHeaders = new BlobHttpHeaders { ContentType = "application/jsonl; charset=utf-8" },
    };

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lazy<BackupContainer> container = new(() => BackupContainer.FromConfiguration(configuration, caseStorage));

    public async Task<BackupManifest> BackUpAsync(CancellationToken cancellationToken)
    {
        var target = container.Value;
        if (target.CreateIfMissing)
        {
            await target.Client.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var startedAt = time.GetUtcNow();
        var folder = startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var entities = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in TableNames.Data)
        {
            entities[table] = await ExportAsync(storage.Table(table), target.Client.GetBlobClient($"{folder}/{table}{TableExtension}"), cancellationToken).ConfigureAwait(false);
        }

        entities[TableNames.Tombstones] = await ExportAsync(storage.Table(TableNames.Tombstones), target.Client.GetBlobClient(ErasureListOf(folder)), cancellationToken).ConfigureAwait(false);

        var manifest = new BackupManifest(folder, startedAt, time.GetUtcNow(), entities);
        var total = entities.Values.Sum();
        await target.Client.GetBlobClient($"{folder}/{ManifestName}").UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(manifest, BackupJson.Default.BackupManifest)), NewBlobOnly, cancellationToken).ConfigureAwait(false);
        AppTelemetry.BackupsCompleted.Add(1);
        LogBackedUp(logger, folder, entities.Count, total);
        return manifest;
    }

    /// <summary>The blob of the erasure list taken with the backup in <paramref name="folder"/>.</summary>
    public static string ErasureListOf(string folder) => $"{ErasureListFolder}/{folder}{TableExtension}";

    private static async Task<int> ExportAsync(TableClient table, BlobClient blob, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var upload = UploadAsync(blob, pipe.Reader, cancellationToken);
        int count;
        try
        {
            await using var writer = new StreamWriter(pipe.Writer.AsStream(leaveOpen: true), Utf8, bufferSize: -1, leaveOpen: false);
            count = await TableJsonLines.ExportAsync(table, writer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The upload reads the failure instead of an end, so the blob is never committed half-written.
            await pipe.Writer.CompleteAsync(exception).ConfigureAwait(false);
            await Task.WhenAny(upload).ConfigureAwait(false);
            throw;
        }

        await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        await upload.ConfigureAwait(false);
        return count;
    }

    private static async Task UploadAsync(BlobClient blob, PipeReader reader, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(reader.AsStream(), NewBlobOnly, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A failed upload stops the export's writes from waiting for a reader.
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {Folder}: {Tables} tables, {Entities} entities.")]
    private static partial void LogBackedUp(ILogger logger, string folder, int tables, int entities);
}
