using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>Tells the provider that held a referral (if one did) that a change cancelled it.</summary>
public sealed class NotifyCancelledReferrals(StorageClients storage)
    : EventMessageFollowUp<NotifyProviderMessage>(storage, CaseEventTypes.ReferralCancelled, QueueNames.NotifyProvider, ReferralMessageJson.Default.NotifyProviderMessage)
{
    protected override NotifyProviderMessage? MessageFor(string caseId, CaseFollowUpEvent item) =>
        item.Data["providerId"]?.GetValue<string>() is { } providerId
            ? new(caseId, item.Data["referralId"]!.GetValue<string>(), providerId, item.Type, NotifyProviderMessage.WebhookIdFor(caseId, item.Sequence))
            : null;
}
