using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Core.Notifications;

/// <summary>Records a notification's outcome in the case history, through the one write path, as actor system.</summary>
public sealed class NotificationHistory(CaseWriter writer, CaseStore store)
{
    private static readonly Caller Notifier = Caller.System("notifier");

    /// <summary>Whether <see cref="NotificationEvents.Delivered"/> is recorded for this notification already.</summary>
    public Task<bool> IsDeliveredAsync(NotifyProviderMessage message, CancellationToken cancellationToken) =>
        store.HasMarkerAsync(message.CaseId, DeliveredKey(message.NotificationId), cancellationToken);

    /// <summary>Recorded once per notification, whatever the redeliveries: a marker row is written in the same transaction.</summary>
    public Task DeliveredAsync(NotifyProviderMessage message, long attempt, DeliveryResult result, CancellationToken cancellationToken) =>
        RecordAsync(
            message,
            change => change.AddEvent(NotificationEvents.Delivered, new NotificationDelivered(message.ReferralId, message.ProviderId, message.Type, message.NotificationId, attempt, result.StatusCode)),
            DeliveredKey(message.NotificationId),
            cancellationToken);

    /// <summary>Recorded once per notification too: a redelivered or replayed message that fails again adds nothing.</summary>
    public Task FailedAsync(NotifyProviderMessage message, long attempt, DeliveryResult result, CancellationToken cancellationToken) =>
        RecordAsync(
            message,
            change => change.AddEvent(NotificationEvents.Failed, new NotificationFailed(message.ReferralId, message.ProviderId, message.Type, message.NotificationId, attempt, result.StatusCode, result.Reason)),
            $"failed-{message.NotificationId}",
            cancellationToken);

    private static string DeliveredKey(string notificationId) => $"delivered-{notificationId}";

    /// <summary>A case that is gone has nothing to record; a busy one throws, and the queue delivers the message again.</summary>
    private Task RecordAsync(NotifyProviderMessage message, Action<CaseChange> record, string onceKey, CancellationToken cancellationToken) =>
        writer.ChangeAsync(
            new CaseWrite(message.CaseId, Notifier, change =>
            {
                record(change);
                return null;
            }) { AllowClosed = true, OnceKey = onceKey },
            cancellationToken);
}
