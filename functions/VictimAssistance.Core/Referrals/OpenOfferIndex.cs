using System.Globalization;
using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Offers by due time (table OpenOffers), added from the outbox for every offer. Rows are not removed when an
/// offer is answered: the expiry reads only rows already due, finds such an offer no longer open, and removes the row.
/// </summary>
public sealed class OpenOfferIndex(StorageClients storage) : ICaseFollowUpHandler
{
    private TableClient Rows => storage.Table(TableNames.OpenOffers);

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var item in followUp.OfType(CaseEventTypes.ReferralOffered))
        {
            var referralId = item.Data["referralId"]!.GetValue<string>();
            var respondBy = DateTimeOffset.Parse(item.Data["respondBy"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var row = new OpenOfferEntity
            {
                PartitionKey = OpenOfferEntity.Partition,
                RowKey = $"{Ticks(respondBy)}-{followUp.CaseId}-{referralId}",
                CaseId = followUp.CaseId,
                ReferralId = referralId,
            };
            await Rows.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The offers due at <paramref name="now"/> (respondBy at or before it), earliest first.</summary>
    public async Task<IReadOnlyList<OpenOfferEntity>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OpenOfferEntity.Partition} and RowKey lt {Ticks(now.AddTicks(1))}");
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
