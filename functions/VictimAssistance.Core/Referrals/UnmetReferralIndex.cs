using Azure.Data.Tables;
using Azure;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Unmet referrals by service type (table UnmetReferrals), kept from the outbox from each referral's current status.
/// When a provider is added or changed, or frees a slot, the unmet referrals of its services are routed again.
/// A referral is also routed once more right after its row is written: a change that came between the routing
/// decision and this row found no row to retry, and this second look sees it.
/// </summary>
public sealed class UnmetReferralIndex(StorageClients storage) : ICaseFollowUpHandler
{
    private static readonly string[] ChangingEvents = [CaseEventTypes.ReferralUnmet, CaseEventTypes.ReferralOffered, CaseEventTypes.ReferralCancelled];

    private TableClient Rows => storage.Table(TableNames.UnmetReferrals);

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var item in followUp.OfType(ChangingEvents))
        {
            var referralId = item.Data["referralId"]!.GetValue<string>();
            if (followUp.Case.Referrals.FirstOrDefault(referral => referral.ReferralId == referralId) is not { } referral)
            {
                continue;
            }

            if (referral.Status == ReferralStatuses.Unmet)
            {
                var row = new UnmetReferralEntity { PartitionKey = referral.ServiceType, RowKey = referralId, CaseId = followUp.CaseId };
                await Rows.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                await RouteAgainAsync(row, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DeleteAsync(referral.ServiceType, referralId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Asks the router to try every unmet referral of these services again (ids only on the queue).</summary>
    public async Task RetryAsync(IEnumerable<string> serviceTypes, CancellationToken cancellationToken)
    {
        foreach (var serviceType in serviceTypes)
        {
            await foreach (var row in Rows.QueryAsync<UnmetReferralEntity>(ListPages.PartitionAfter(serviceType, null), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await RouteAgainAsync(row, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task RouteAgainAsync(UnmetReferralEntity row, CancellationToken cancellationToken) =>
        storage.SendAsync(QueueNames.RouteReferral, new RouteReferralMessage(row.CaseId, row.RowKey, AppTelemetry.CurrentTraceParent), ReferralMessageJson.Default.RouteReferralMessage, visibilityDelay: null, cancellationToken);

    private async Task DeleteAsync(string serviceType, string referralId, CancellationToken cancellationToken)
    {
        try
        {
            await Rows.DeleteEntityAsync(serviceType, referralId, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException failed) when (failed.Status == 404)
        {
            // Never unmet, or already removed.
        }
    }
}
