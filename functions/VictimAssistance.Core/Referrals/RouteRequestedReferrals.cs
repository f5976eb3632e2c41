using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Asks the router to find a provider for every referral a change requested, or put back after a decline or an
/// expiry: one message for them all, so they are routed together.
/// </summary>
public sealed class RouteRequestedReferrals(StorageClients storage) : ICaseFollowUpHandler
{
    public CaseHandlerStage Stage => CaseHandlerStage.Dispatch;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { ReferralEvents.Requested.Name, ReferralEvents.Declined.Name, ReferralEvents.Expired.Name };

    public Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        var referralIds = followUp.Of(ReferralEvents.Requested).Select(item => item.Data.ReferralId)
            .Concat(followUp.Of(ReferralEvents.Declined).Select(item => item.Data.ReferralId))
            .Concat(followUp.Of(ReferralEvents.Expired).Select(item => item.Data.ReferralId))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var message = new RouteReferralMessage(followUp.CaseId, referralIds, AppTelemetry.CurrentTraceParent);
        return storage.SendAsync(QueueNames.RouteReferral, message, ReferralJson.Default.RouteReferralMessage, visibilityDelay: null, cancellationToken);
    }
}
