using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Cases;

public enum OutboxLease
{
    Taken,

    /// <summary>Another processor took it since it was read, or holds it.</summary>
    HeldByAnother,

    /// <summary>Another processor finished it since it was read.</summary>
    Finished,
}

/// <summary>Reads of the Cases table (one partition per case) and the outbox's own bookkeeping. Changes go through <see cref="CaseWriter"/> only.</summary>
public sealed class CaseStore(StorageClients storage, IEnumerable<ICaseRowSource> rowSources, TimeProvider time)
{
    private const int MaxConsistentReadAttempts = 20;

    internal TableClient Cases => storage.Table(TableNames.Cases);

    public async Task<CaseHeadEntity?> LoadHeadAsync(string caseId, CancellationToken cancellationToken)
    {
        var head = await Cases.GetEntityIfExistsAsync<CaseHeadEntity>(caseId, CaseRows.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        return head.HasValue ? head.Value : null;
    }

    /// <summary>
    /// The head, then the feature rows, as one consistent state. The reads are separate requests, so a change
    /// committed between them would pair an older head with newer rows (and a write based on that pair could apply a
    /// transition twice); each row carries the case version that last wrote it, and a row newer than the head means:
    /// read again.
    /// </summary>
    public async Task<CaseRecord?> LoadAsync(string caseId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConsistentReadAttempts; attempt++)
        {
            if (await LoadHeadAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } head)
            {
                return null;
            }

            var rows = new List<ICaseRow>();
            foreach (var source in rowSources)
            {
                rows.AddRange(await source.LoadAsync(Cases, caseId, cancellationToken).ConfigureAwait(false));
            }

            if (rows.TrueForAll(row => row.CaseVersion <= head.Version))
            {
                return new CaseRecord(head, rows);
            }
        }

        // Changes kept landing between the reads: as busy as storage being unavailable, and retried like it.
        throw new ConcurrentChangesException($"Reading case {caseId}", MaxConsistentReadAttempts);
    }

    /// <summary>Whether a change made with <see cref="CaseWrite.OnceKey"/> = <paramref name="key"/> is committed.</summary>
    public async Task<bool> HasMarkerAsync(string caseId, string key, CancellationToken cancellationToken) =>
        (await Cases.GetEntityIfExistsAsync<TableEntity>(caseId, CaseRows.Marker(key), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue;

    public Task<List<CaseEventEntity>> LoadEventsAsync(string caseId, CancellationToken cancellationToken) =>
        QueryRangeAsync<CaseEventEntity>(caseId, CaseRows.EventPrefix, cancellationToken);

    public Task<List<OutboxEntity>> LoadOutboxAsync(string caseId, CancellationToken cancellationToken) =>
        QueryRangeAsync<OutboxEntity>(caseId, CaseRows.OutboxPrefix, cancellationToken);

    /// <summary>
    /// Takes the entry for <paramref name="lease"/>, with If-Match on its ETag, so one processor at a time works on it.
    /// </summary>
    public async Task<OutboxLease> TryLeaseOutboxAsync(OutboxEntity entry, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (entry.LeasedUntil > now)
        {
            return OutboxLease.HeldByAnother;
        }

        entry.LeasedUntil = now + lease;
        try
        {
            var response = await Cases.UpdateEntityAsync(entry, entry.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            entry.ETag = response.Headers.ETag ?? entry.ETag;
            return OutboxLease.Taken;
        }
        catch (RequestFailedException failed) when (failed.Status == 404)
        {
            return OutboxLease.Finished;
        }
        catch (RequestFailedException failed) when (failed.Status == 412)
        {
            return OutboxLease.HeldByAnother;
        }
    }

    /// <summary>Gives a leased entry back after its work failed, so the retry need not wait for the lease to end; best effort.</summary>
    public async Task ReleaseOutboxAsync(OutboxEntity entry)
    {
        entry.LeasedUntil = null;
        try
        {
            await Cases.UpdateEntityAsync(entry, entry.ETag, TableUpdateMode.Replace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Finished or taken since, or storage is failing: the lease then simply runs out.
        }
    }

    public async Task DeleteOutboxAsync(OutboxEntity entry, CancellationToken cancellationToken)
    {
        try
        {
            await Cases.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException failed) when (failed.Status == 404)
        {
            // A redelivered message already finished this entry.
        }
    }

    private async Task<List<T>> QueryRangeAsync<T>(string caseId, string prefix, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        var rows = new List<T>();
        await foreach (var row in Cases.QueryAsync<T>(CaseRows.RangeFilter(caseId, prefix), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }
}
