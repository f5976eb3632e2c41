using System.Globalization;
using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Offers by due time (table OpenOffers, one partition, RowKey = respondBy ticks + caseId + referralId), added from
/// the outbox for every offer, so the expiry reads only what is due. Rows are not removed when an offer is answered:
/// the expiry finds such an offer no longer open and removes its row then.
/// </summary>
public sealed class OpenOfferIndex(StorageClients storage) : ICaseFollowUpHandler
{
    private const string Partition = "due";

    private TableClient Rows => storage.Table(TableNames.OpenOffers);

    public CaseHandlerStage Stage => CaseHandlerStage.Index;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { ReferralEvents.Offered.Name };

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var (_, offered) in followUp.Of(ReferralEvents.Offered))
        {
            var row = new OpenOfferEntity
            {
                PartitionKey = Partition,
                RowKey = $"{Ticks(offered.RespondBy)}-{followUp.CaseId}-{offered.ReferralId}",
                CaseId = followUp.CaseId,
                ReferralId = offered.ReferralId,
            };
            await Rows.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The offers due at <paramref name="now"/> (respondBy at or before it), earliest first.</summary>
    public async Task<IReadOnlyList<OpenOfferEntity>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {Ticks(now.AddTicks(1))}");
        var due = new List<OpenOfferEntity>();
        await foreach (var row in Rows.QueryAsync<OpenOfferEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(row);
        }

        return due;
    }

    public async Task RemoveAsync(OpenOfferEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await Rows.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException failed) when (failed.Status == 404)
        {
            // Another expiry run removed it first.
        }
    }

    private static string Ticks(DateTimeOffset time) => time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
