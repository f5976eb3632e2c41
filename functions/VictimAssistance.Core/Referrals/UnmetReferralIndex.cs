using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Unmet referrals by service type (table UnmetReferrals), written from the outbox when a referral becomes unmet,
/// with what routing needs to tell which provider could take one (area, sex, age, language, excluded providers) but
/// nothing that names the survivor. The router removes the row when it offers the referral, or finds it settled
/// otherwise (cancelled), so the common path (offered at once) never touches this table. A referral is also
/// routed once more right after its row is written: a change that came between the routing decision and this row
/// found no row to retry, and this second look sees it.
/// </summary>
public sealed class UnmetReferralIndex(StorageClients storage, TimeProvider time) : ICaseFollowUpHandler
{
    private TableClient Rows => storage.Table(TableNames.UnmetReferrals);

    public CaseHandlerStage Stage => CaseHandlerStage.Index;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { ReferralEvents.Unmet.Name };

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        var referralIds = followUp.Of(ReferralEvents.Unmet).Select(item => item.Data.ReferralId).ToList();
        if (referralIds.Count == 0 || await followUp.CaseAsync(cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return;
        }

        foreach (var referralId in referralIds)
        {
            // Still unmet now: it may have been offered since the event, and then it needs no row.
            if (record.ReferralRow(referralId) is { Status: ReferralStatuses.Unmet } referral)
            {
                var row = RowOf(record, referral);
                await Rows.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                await RouteAgainAsync(row, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The unmet referrals of one service, oldest row first.</summary>
    public async IAsyncEnumerable<UnmetReferralEntity> OfServiceAsync(string serviceType, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Rows.QueryAsync<UnmetReferralEntity>(ListPages.PartitionAfter(serviceType, null), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <summary>Asks the router to try this unmet referral again (ids only on the queue).</summary>
    public Task RouteAgainAsync(UnmetReferralEntity row, CancellationToken cancellationToken) =>
        storage.SendAsync(QueueNames.RouteReferral, new RouteReferralMessage(row.CaseId, [row.RowKey], AppTelemetry.CurrentTraceParent), ReferralJson.Default.RouteReferralMessage, visibilityDelay: null, cancellationToken);

    private UnmetReferralEntity RowOf(CaseRecord record, ReferralEntity referral)
    {
        var survivor = record.Details.Survivor;
        return new UnmetReferralEntity
        {
            PartitionKey = referral.ServiceType,
            RowKey = referral.ReferralId,
            CaseId = record.CaseId,
            Admin1 = survivor?.Location?.Admin1,
            Sex = survivor?.Sex,
            Age = SurvivorAge.On(survivor, record.Head.CreatedAt, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)),
            PreferredLanguage = survivor?.PreferredLanguage,
            ExcludedProviders = referral.ExcludedProviders,
        };
    }

    public async Task RemoveAsync(string serviceType, string referralId, CancellationToken cancellationToken)
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
