using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>Asks the router to find a provider for every referral a change requested, or put back after a decline or an expiry.</summary>
public sealed class RouteRequestedReferrals(StorageClients storage) : ICaseFollowUpHandler
{
    public CaseHandlerStage Stage => CaseHandlerStage.Dispatch;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { ReferralEvents.Requested.Name, ReferralEvents.Declined.Name, ReferralEvents.Expired.Name };

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        var referralIds = followUp.Of(ReferralEvents.Requested).Select(item => item.Data.ReferralId)
            .Concat(followUp.Of(ReferralEvents.Declined).Select(item => item.Data.ReferralId))
            .Concat(followUp.Of(ReferralEvents.Expired).Select(item => item.Data.ReferralId));
        foreach (var referralId in referralIds)
        {
            var message = new RouteReferralMessage(followUp.CaseId, referralId, AppTelemetry.CurrentTraceParent);
            await storage.SendAsync(QueueNames.RouteReferral, message, ReferralJson.Default.RouteReferralMessage, visibilityDelay: null, cancellationToken).ConfigureAwait(false);
        }
    }
}
