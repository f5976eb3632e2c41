using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Notifications;

/// <summary>
/// Tells a provider that a referral was offered to it, or that a referral it held (if one did) was cancelled: one
/// notify-provider message per provider for the notices of one change.
/// </summary>
public sealed class NotifyProviders(StorageClients storage) : ICaseFollowUpHandler
{
    public CaseHandlerStage Stage => CaseHandlerStage.Dispatch;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(WebhookBody.Types);

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        var notices = followUp.Of(ReferralEvents.Offered).Select(item => new Notice(item.Event, item.Data.ReferralId, item.Data.ProviderId, item.Data.RespondBy))
            .Concat(followUp.Of(ReferralEvents.Cancelled).Select(item => new Notice(item.Event, item.Data.ReferralId, item.Data.ProviderId, RespondBy: null)))
            .Where(notice => notice.ProviderId is not null)
            .ToList();
        if (notices.Count == 0 || await followUp.CaseAsync(cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return;
        }

        var messages = notices
            .Where(notice => record.ReferralRow(notice.ReferralId) is not null)
            .Select(notice =>
            {
                var referral = record.ReferralRow(notice.ReferralId)!;
                return new NotifyProviderMessage(
                    NotifyProviderMessage.IdFor(followUp.CaseId, notice.Event.Sequence),
                    followUp.CaseId,
                    notice.ReferralId,
                    notice.ProviderId!,
                    notice.Event.Type,
                    notice.Event.OccurredAt,
                    referral.ServiceType,
                    referral.Urgency,
                    notice.RespondBy,
                    AppTelemetry.CurrentTraceParent);
            })
            .GroupBy(message => message.ProviderId, StringComparer.Ordinal);
        foreach (var ofProvider in messages)
        {
            var message = new ProviderNotices(followUp.CaseId, ofProvider.Key, ofProvider.ToList(), AppTelemetry.CurrentTraceParent);
            await storage.SendAsync(QueueNames.NotifyProvider, message, NotificationJson.Default.ProviderNotices, visibilityDelay: null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>An event a provider hears of: the provider that holds (or held) the referral, if one does.</summary>
    private sealed record Notice(CommittedEvent Event, string ReferralId, string? ProviderId, DateTimeOffset? RespondBy);
}
