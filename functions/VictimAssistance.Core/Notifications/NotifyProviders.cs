using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Notifications;

/// <summary>Tells a provider that a referral was offered to it, or that a referral it held (if one did) was cancelled.</summary>
public sealed class NotifyProviders(StorageClients storage) : ICaseFollowUpHandler
{
    public CaseHandlerStage Stage => CaseHandlerStage.Dispatch;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(WebhookBody.Types);

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        var notices = followUp.Of(ReferralEvents.Offered).Select(item => (item.Event, item.Data.ReferralId, (string?)item.Data.ProviderId, (DateTimeOffset?)item.Data.RespondBy))
            .Concat(followUp.Of(ReferralEvents.Cancelled).Select(item => (item.Event, item.Data.ReferralId, item.Data.ProviderId, (DateTimeOffset?)null)))
            .Where(notice => notice.Item3 is not null)
            .ToList();
        if (notices.Count == 0 || await followUp.CaseAsync(cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return;
        }

        foreach (var (item, referralId, providerId, respondBy) in notices)
        {
            if (record.ReferralRow(referralId) is not { } referral)
            {
                continue;
            }

            var message = new NotifyProviderMessage(
                NotifyProviderMessage.IdFor(followUp.CaseId, item.Sequence),
                followUp.CaseId,
                referralId,
                providerId!,
                item.Type,
                item.OccurredAt,
                referral.ServiceType,
                referral.Urgency,
                respondBy,
                AppTelemetry.CurrentTraceParent);
            await storage.SendAsync(QueueNames.NotifyProvider, message, NotificationJson.Default.NotifyProviderMessage, visibilityDelay: null, cancellationToken).ConfigureAwait(false);
        }
    }
}
