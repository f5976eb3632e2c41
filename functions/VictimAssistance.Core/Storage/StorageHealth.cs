namespace VictimAssistance.Core.Storage;

public sealed class StorageHealth(StorageClients storage)
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.Table(TableNames.Cases).QueryAsync<Azure.Data.Tables.TableEntity>(
                filter: "PartitionKey eq 'health'", maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken)
                .AsPages().FirstAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, cancellationToken))
        {
            return false;
        }
    }
}
