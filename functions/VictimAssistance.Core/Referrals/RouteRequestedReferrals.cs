using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>Asks the router to find a provider for every referral a change requested, or put back after a decline or an expiry.</summary>
public sealed class RouteRequestedReferrals(StorageClients storage)
    : EventMessageFollowUp<RouteReferralMessage>(
        storage,
        [CaseEventTypes.ReferralRequested, CaseEventTypes.ReferralDeclined, CaseEventTypes.ReferralExpired],
        QueueNames.RouteReferral,
        ReferralMessageJson.Default.RouteReferralMessage)
{
    protected override RouteReferralMessage MessageFor(string caseId, CaseFollowUpEvent item) => new(caseId, item.Data["referralId"]!.GetValue<string>(), AppTelemetry.CurrentTraceParent);
}
