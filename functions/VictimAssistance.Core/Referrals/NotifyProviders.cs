using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>Tells a provider that a referral was offered to it, or that a referral it held (if one did) was cancelled.</summary>
public sealed class NotifyProviders(StorageClients storage)
    : EventMessageFollowUp<NotifyProviderMessage>(
        storage,
        [CaseEventTypes.ReferralOffered, CaseEventTypes.ReferralCancelled],
        QueueNames.NotifyProvider,
        ReferralMessageJson.Default.NotifyProviderMessage)
{
    protected override NotifyProviderMessage? MessageFor(string caseId, CaseFollowUpEvent item) =>
        item.Data["providerId"]?.GetValue<string>() is { } providerId
            ? new(caseId, item.Data["referralId"]!.GetValue<string>(), providerId, item.Type, NotifyProviderMessage.WebhookIdFor(caseId, item.Sequence), AppTelemetry.CurrentTraceParent)
            : null;
}
