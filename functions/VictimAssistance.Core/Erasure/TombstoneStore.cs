using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Erasure;

/// <summary>A row of the Tombstones table (one partition, RowKey = caseId): the erasure list, backed up apart from the data.</summary>
public sealed class TombstoneEntity : TableRow
{
    public const string Partition = "erased";

    public string Organization { get; set; } = string.Empty;

    public DateTimeOffset ErasedAt { get; set; }

    public string ErasedBy { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public CaseTombstone ToTombstone() => new(RowKey, ErasedAt, ErasedBy, Reason);
}

/// <summary>The erasure list: written before anything is erased, so an erasure that failed half-way is finished by its retry.</summary>
public sealed class TombstoneStore(StorageClients storage)
{
    private TableClient Rows => storage.Table(TableNames.Tombstones);

    public async Task<TombstoneEntity?> FindAsync(string caseId, CancellationToken cancellationToken)
    {
        var row = await Rows.GetEntityIfExistsAsync<TombstoneEntity>(TombstoneEntity.Partition, caseId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Adds the tombstone; when one is there already (a concurrent or earlier erasure), that one is the case's.</summary>
    public async Task<TombstoneEntity> AddAsync(TombstoneEntity tombstone, CancellationToken cancellationToken)
    {
        tombstone.PartitionKey = TombstoneEntity.Partition;
        try
        {
            await Rows.AddEntityAsync(tombstone, cancellationToken).ConfigureAwait(false);
            return tombstone;
        }
        catch (RequestFailedException failed) when (failed.Status == 409)
        {
            return await FindAsync(tombstone.RowKey, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"Tombstone of case {tombstone.RowKey} vanished.");
        }
    }

    public async IAsyncEnumerable<TombstoneEntity> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Rows.QueryAsync<TombstoneEntity>(ListPages.PartitionAfter(TombstoneEntity.Partition, null), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }
}
