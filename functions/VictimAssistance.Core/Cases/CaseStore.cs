using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Cases;

public enum CommitResult
{
    Committed,

    /// <summary>A new case whose id is taken: with a derived id, a replay of the same registration.</summary>
    AlreadyExists,

    /// <summary>Another writer changed the case since it was loaded.</summary>
    LostRace,
}

/// <summary>The Cases table: one partition per case, every change one transaction guarded by the head's ETag.</summary>
public sealed class CaseStore(StorageClients storage)
{
    private const int MaxConsistentReadAttempts = 20;

    private TableClient Cases => storage.Table(TableNames.Cases);

    public async Task<CaseHeadEntity?> LoadHeadAsync(string caseId, CancellationToken cancellationToken)
    {
        var head = await Cases.GetEntityIfExistsAsync<CaseHeadEntity>(caseId, CaseRows.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        return head.HasValue ? head.Value : null;
    }

    /// <summary>
    /// The head, then the referrals, as one consistent state. The two reads are separate requests, so a change
    /// committed between them would pair an older head with newer referral rows (and a write based on that pair
    /// could apply a transition twice); each referral row carries the case version that last wrote it, and a row
    /// newer than the head means: read again.
    /// </summary>
    public async Task<CaseRecord?> LoadAsync(string caseId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConsistentReadAttempts; attempt++)
        {
            if (await LoadHeadAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } head)
            {
                return null;
            }

            var referrals = await QueryRangeAsync<ReferralEntity>(caseId, CaseRows.ReferralPrefix, cancellationToken).ConfigureAwait(false);
            if (referrals.TrueForAll(referral => referral.CaseVersion <= head.Version))
            {
                return new CaseRecord(head, referrals);
            }
        }

        // Changes kept landing between the two reads: as busy as storage being unavailable, and retried like it.
        throw new TimeoutException($"Case {caseId} changed during every read.");
    }

    /// <summary>Whether a change made with <see cref="CaseWrite.OnceKey"/> = <paramref name="key"/> is committed.</summary>
    public async Task<bool> HasMarkerAsync(string caseId, string key, CancellationToken cancellationToken) =>
        (await Cases.GetEntityIfExistsAsync<TableEntity>(caseId, CaseRows.Marker(key), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue;

    public Task<List<CaseEventEntity>> LoadEventsAsync(string caseId, CancellationToken cancellationToken) =>
        QueryRangeAsync<CaseEventEntity>(caseId, CaseRows.EventPrefix, cancellationToken);

    public Task<List<OutboxEntity>> LoadOutboxAsync(string caseId, CancellationToken cancellationToken) =>
        QueryRangeAsync<OutboxEntity>(caseId, CaseRows.OutboxPrefix, cancellationToken);

    public async Task DeleteOutboxAsync(OutboxEntity entry, CancellationToken cancellationToken)
    {
        try
        {
            await Cases.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, entry.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException failed) when (failed.Status == 404)
        {
            // A redelivered message already finished this entry.
        }
    }

    /// <summary>
    /// Writes the change. The outbox message goes on the queue first, so a process that dies right after the
    /// transaction still has its follow-up work driven; then the one transaction. When another writer got there
    /// first nothing was applied, and the message is withdrawn again.
    /// </summary>
    public async Task<CommitResult> CommitAsync(CaseChange change, CancellationToken cancellationToken)
    {
        var receipt = await storage.SendAsync(QueueNames.CaseOutbox, change.OutboxMessage(), ApiJson.Default.CaseOutboxMessage, visibilityDelay: null, cancellationToken)
            .ConfigureAwait(false);
        try
        {
            await Cases.SubmitTransactionAsync(change.Actions(), cancellationToken).ConfigureAwait(false);
            return CommitResult.Committed;
        }
        catch (TableTransactionFailedException failed) when (failed.Status is 409 or 412)
        {
            if ((await LoadHeadAsync(change.CaseId, cancellationToken).ConfigureAwait(false))?.CommitId == change.Head.CommitId)
            {
                // The storage client retried this very transaction after its first attempt was applied.
                return CommitResult.Committed;
            }

            await WithdrawAsync(receipt).ConfigureAwait(false);

            // A new case's head can only collide with an existing case; an update collides with a newer version
            // (a stale head ETag, or the next event row already written).
            return change.IsNew ? CommitResult.AlreadyExists : CommitResult.LostRace;
        }
    }

    // Best effort: a message left behind finds no newer version and is dropped by the outbox processor.
    private async Task WithdrawAsync(SendReceipt receipt)
    {
        try
        {
            await storage.Queue(QueueNames.CaseOutbox).DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Already received by the processor, or storage is failing: either way the processor copes.
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
