using Azure;
using Azure.Data.Tables;

namespace VictimAssistance.Core.Storage;

/// <summary>A secondary-table row copied from a case at one version of it.</summary>
public interface IVersionedRow : ITableEntity
{
    int Version { get; }
}

public static class VersionedRows
{
    /// <summary>
    /// Writes the row unless the table already holds the same or a newer version of it, so follow-ups that run
    /// out of order or twice never put an older state back.
    /// </summary>
    public static async Task WriteIfNewerAsync<T>(TableClient table, T row, CancellationToken cancellationToken)
        where T : class, IVersionedRow, new()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<T>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.HasValue && existing.Value!.Version >= row.Version)
            {
                return;
            }

            try
            {
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException failed) when (failed.Status is 409 or 412)
            {
                // Another processor wrote the row meanwhile: read it again and keep the newer version.
            }
        }

        throw new InvalidOperationException($"Row {row.PartitionKey}/{row.RowKey} of table {table.Name} kept changing under concurrent writers.");
    }
}
