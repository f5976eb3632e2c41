using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>Tells each provider that held a referral that a change cancelled it.</summary>
public sealed class NotifyCancelledReferrals(StorageClients storage) : ICaseFollowUpHandler
{
    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var cancelled in followUp.OfType(CaseEventTypes.ReferralCancelled))
        {
            if (cancelled.Data["providerId"]?.GetValue<string>() is not { } providerId)
            {
                continue;
            }

            var message = new NotifyProviderMessage(
                followUp.CaseId,
                cancelled.Data["referralId"]!.GetValue<string>(),
                providerId,
                CaseEventTypes.ReferralCancelled,
                NotifyProviderMessage.WebhookIdFor(followUp.CaseId, cancelled.Sequence));
            await storage.SendAsync(QueueNames.NotifyProvider, message, ReferralMessageJson.Default.NotifyProviderMessage, visibilityDelay: null, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
