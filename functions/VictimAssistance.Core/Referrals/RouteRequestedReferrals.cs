using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>Asks the router to find a provider for every referral a change requested.</summary>
public sealed class RouteRequestedReferrals(StorageClients storage) : ICaseFollowUpHandler
{
    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var requested in followUp.OfType(CaseEventTypes.ReferralRequested))
        {
            var message = new RouteReferralMessage(followUp.CaseId, requested.Data["referralId"]!.GetValue<string>());
            await storage.SendAsync(QueueNames.RouteReferral, message, ReferralMessageJson.Default.RouteReferralMessage, visibilityDelay: null, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
