using Azure.Data.Tables;
using VictimAssistance.Core.Backup;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.TableBackup;

/// <summary>
/// A backup: the data tables (<see cref="TableNames.Data"/>), one <c>&lt;table&gt;.jsonl</c> each in a directory, and
/// the erasure list (<see cref="TableNames.Tombstones"/>) in a file of its own, kept apart from the data. A restore
/// brings the data back (each case partition exactly as it was, so its head and history agree), adds the erasure list to the account's own (a tombstone is never removed), then erases
/// again every case in it, so no case erased after the backup was taken comes back.
/// </summary>
public static class BackupSet
{
    public static async Task ExportAsync(TableServiceClient tables, string dataDirectory, string erasureList, TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        foreach (var table in TableNames.Data)
        {
            await using var output = File.CreateText(DataFile(dataDirectory, table));
            var count = await TableJsonLines.ExportAsync(tables.GetTableClient(table), output, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"export {table}: {count} entities").ConfigureAwait(false);
        }

        await ExportErasuresAsync(tables, erasureList, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The erasure list alone: export it after every erasure, or more often than the data, and keep it wherever backups go.</summary>
    public static async Task ExportErasuresAsync(TableServiceClient tables, string erasureList, TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(erasureList))!);
        await using var output = File.CreateText(erasureList);
        var count = await TableJsonLines.ExportAsync(tables.GetTableClient(TableNames.Tombstones), output, cancellationToken).ConfigureAwait(false);
        await log.WriteLineAsync($"export {TableNames.Tombstones}: {count} entities").ConfigureAwait(false);
    }

    /// <summary>Restores the data, merges the erasure list into the account's, and erases every case in it again.</summary>
    public static async Task RestoreAsync(TableServiceClient tables, string dataDirectory, string erasureList, ErasureService erasure, TextWriter log, CancellationToken cancellationToken)
    {
        foreach (var table in TableNames.Data)
        {
            using var input = File.OpenText(DataFile(dataDirectory, table));
            var count = await TableJsonLines.ImportAsync(tables.GetTableClient(table), input, cancellationToken, wholePartitions: table == TableNames.Cases).ConfigureAwait(false);
            await log.WriteLineAsync($"import {table}: {count} entities").ConfigureAwait(false);
        }

        using (var input = File.OpenText(erasureList))
        {
            var count = await TableJsonLines.ImportAsync(tables.GetTableClient(TableNames.Tombstones), input, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"import {TableNames.Tombstones}: {count} entities").ConfigureAwait(false);
        }

        var erased = await erasure.ReapplyAllAsync(cancellationToken).ConfigureAwait(false);
        await log.WriteLineAsync($"erased again: {erased} cases of the erasure list").ConfigureAwait(false);
    }

    private static string DataFile(string directory, string table) => Path.Combine(directory, table + ".jsonl");
}
