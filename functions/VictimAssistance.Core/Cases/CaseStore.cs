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

    private readonly IReadOnlyList<ICaseRowSource> sources = AfterHead(rowSources);

    /// <summary>The RowKey condition of <see cref="LoadAsync"/>: the head, or a row of a feature's range.</summary>
    private readonly string recordRange = string.Join(" or ", [TableClient.CreateQueryFilter($"RowKey eq {CaseRows.Head}"), .. rowSources.Select(source => "(" + CaseRows.RangeOf(source.RowPrefix) + ")")]);

    internal TableClient Cases => storage.Table(TableNames.Cases);

    public async Task<CaseHeadEntity?> LoadHeadAsync(string caseId, CancellationToken cancellationToken)
    {
        var head = await Cases.GetEntityIfExistsAsync<CaseHeadEntity>(caseId, CaseRows.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        return head.HasValue ? head.Value : null;
    }

    /// <summary>
    /// The head and the feature rows as one consistent state, in one query of the partition that leaves out its
    /// events, outbox entries and markers. A query may answer in several pages (each its own request), so a change
    /// committed between them could pair an older head with newer rows (and a write based on that pair could apply
    /// a transition twice); the head sorts before every feature row, so it is never the newer one: each row carries
    /// the case version that last wrote it, and a row newer than the head means: read again.
    /// </summary>
    public async Task<CaseRecord?> LoadAsync(string caseId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {caseId}") + " and (" + recordRange + ")";
        for (var attempt = 0; attempt < MaxConsistentReadAttempts; attempt++)
        {
            CaseHeadEntity? head = null;
            var rows = new List<ICaseRow>();
            await foreach (var row in Cases.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.RowKey == CaseRows.Head)
                {
                    head = MixedRows.As<CaseHeadEntity>(row);
                }
                else
                {
                    rows.Add(sources.First(source => row.RowKey.StartsWith(source.RowPrefix, StringComparison.Ordinal)).Read(row));
                }
            }

            if (head is null)
            {
                return null;
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
        entry.LeaseId = Guid.NewGuid().ToString("N");
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
            return await LeaseAfterRefusalAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A refused take is usually another processor's lease; but when the storage client tried again after the first
    /// try's answer was lost, the lease it meets is this one's own.
    /// </summary>
    private async Task<OutboxLease> LeaseAfterRefusalAsync(OutboxEntity entry, CancellationToken cancellationToken)
    {
        var stored = await Cases.GetEntityIfExistsAsync<OutboxEntity>(entry.PartitionKey, entry.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!stored.HasValue || stored.Value is null)
        {
            return OutboxLease.Finished;
        }

        if (stored.Value.LeaseId != entry.LeaseId)
        {
            return OutboxLease.HeldByAnother;
        }

        entry.ETag = stored.Value.ETag;
        return OutboxLease.Taken;
    }

    /// <summary>Gives a leased entry back after its work failed, so the retry need not wait for the lease to end; best effort.</summary>
    public async Task ReleaseOutboxAsync(OutboxEntity entry)
    {
        entry.LeasedUntil = null;
        entry.LeaseId = null;
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

    /// <summary>The sources, each checked to keep its rows after the head in RowKey order, which the consistency check of <see cref="LoadAsync"/> relies on.</summary>
    private static List<ICaseRowSource> AfterHead(IEnumerable<ICaseRowSource> rowSources)
    {
        var sources = rowSources.ToList();
        if (sources.Find(source => string.CompareOrdinal(source.RowPrefix, CaseRows.Head) <= 0) is { } before)
        {
            throw new InvalidOperationException($"Case rows prefixed '{before.RowPrefix}' would sort before the head.");
        }

        return sources;
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
