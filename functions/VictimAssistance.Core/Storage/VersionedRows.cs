using Azure;
using Azure.Data.Tables;

namespace VictimAssistance.Core.Storage;

/// <summary>A secondary-table row copied from a case at one version of it.</summary>
public interface IVersionedRow : ITableEntity
{
    int Version { get; }
}

/// <summary>Secondary-table rows copied from a case: written unless the table holds the same or a newer version.</summary>
public sealed class VersionedRows(ConflictRetry conflicts)
{
    /// <summary>
    /// <see cref="WriteIfNewerAsync"/> for a row the caller expects to be new (the first write of it): tries the add
    /// alone, one request instead of a read and a write, and only when the table has the row already reads it and
    /// keeps the newer version. An add never replaces anything, so the guarantee is the same.
    /// </summary>
    public async Task AddOrWriteIfNewerAsync<T>(TableClient table, T row, CancellationToken cancellationToken)
        where T : class, IVersionedRow, new()
    {
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (RequestFailedException failed) when (failed.Status == 409)
        {
            // Written before (a redelivery, or a later change's follow-up that ran first): compare versions.
        }

        await WriteIfNewerAsync(table, row, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the row unless the table already holds the same or a newer version of it, so follow-ups that run
    /// out of order or twice never put an older state back.
    /// </summary>
    public Task WriteIfNewerAsync<T>(TableClient table, T row, CancellationToken cancellationToken)
        where T : class, IVersionedRow, new() =>
        conflicts.RunAsync($"Row {row.PartitionKey}/{row.RowKey} of {table.Name}", async token =>
        {
            var existing = await table.GetEntityIfExistsAsync<T>(row.PartitionKey, row.RowKey, cancellationToken: token).ConfigureAwait(false);
            if (existing.HasValue && existing.Value!.Version >= row.Version)
            {
                return Attempt.Settled<bool>(false);
            }

            try
            {
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, token).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(row, token).ConfigureAwait(false);
                }

                return Attempt.Settled<bool>(true);
            }
            catch (RequestFailedException failed) when (failed.Status is 409 or 412)
            {
                // Another processor wrote the row meanwhile: read it again and keep the newer version.
                return Attempt.Conflict<bool>();
            }
        },
        cancellationToken);
}
