using System.Globalization;
using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Referrals by a time (one partition, RowKey = ticks + caseId + referralId), added from the outbox, so a timer reads
/// only the rows that are due. Rows are not removed when the referral moves on: the timer finds the work no longer
/// needed and removes its row then.
/// </summary>
public abstract class DueReferralIndex(StorageClients storage, string tableName) : ICaseFollowUpHandler
{
    private const string Partition = "due";

    private TableClient Rows => storage.Table(tableName);

    public CaseHandlerStage Stage => CaseHandlerStage.Index;

    public abstract IReadOnlySet<string> EventTypes { get; }

    /// <summary>The rows of one change go in one entity-group transaction (they share the partition).</summary>
    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        var rows = Entries(followUp)
            .Select(entry => new DueReferralEntity
            {
                PartitionKey = Partition,
                RowKey = $"{Ticks(entry.At)}-{followUp.CaseId}-{entry.ReferralId}",
                CaseId = followUp.CaseId,
                ReferralId = entry.ReferralId,
            })
            .DistinctBy(row => row.RowKey, StringComparer.Ordinal);
        foreach (var batch in rows.Chunk(100))
        {
            await Rows.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The rows whose time is at or before <paramref name="dueBy"/>, earliest first.</summary>
    public async Task<IReadOnlyList<DueReferralEntity>> DueAsync(DateTimeOffset dueBy, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {Ticks(dueBy.AddTicks(1))}");
        var due = new List<DueReferralEntity>();
        await foreach (var row in Rows.QueryAsync<DueReferralEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(row);
        }

        return due;
    }

    public async Task RemoveAsync(DueReferralEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await Rows.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException failed) when (failed.Status == 404)
        {
            // Another run removed it first.
        }
    }

    /// <summary>The referrals of the followed-up events, each with the time its row is kept by.</summary>
    protected abstract IEnumerable<(string ReferralId, DateTimeOffset At)> Entries(CaseFollowUp followUp);

    private static string Ticks(DateTimeOffset time) => time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}

/// <summary>Offers by respondBy (table OpenOffers), for the expiry.</summary>
public sealed class OpenOfferIndex(StorageClients storage) : DueReferralIndex(storage, TableNames.OpenOffers)
{
    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { ReferralEvents.Offered.Name };

    protected override IEnumerable<(string ReferralId, DateTimeOffset At)> Entries(CaseFollowUp followUp) =>
        followUp.Of(ReferralEvents.Offered).Select(item => (item.Data.ReferralId, item.Data.RespondBy));
}

/// <summary>Completed referrals by completion time (table CompletedReferrals), to end their provider's access when the period after completion is over.</summary>
public sealed class CompletedReferralIndex(StorageClients storage) : DueReferralIndex(storage, TableNames.CompletedReferrals)
{
    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { ReferralEvents.Completed.Name };

    protected override IEnumerable<(string ReferralId, DateTimeOffset At)> Entries(CaseFollowUp followUp) =>
        followUp.Of(ReferralEvents.Completed).Select(item => (item.Data.ReferralId, item.Event.OccurredAt));
}
