using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Core.Notifications;

/// <summary>Records a notification's outcome per channel in the case history, through the one write path, as actor system.</summary>
public sealed class NotificationHistory(CaseWriter writer, CaseStore store)
{
    private static readonly Caller Notifier = Caller.System("notifier");

    /// <summary>The channel of <see cref="NotificationFailed"/> when the provider has none.</summary>
    private const string NoChannel = "none";

    /// <summary>Whether <see cref="NotificationEvents.Delivered"/> is recorded for this notification on this channel already.</summary>
    public Task<bool> IsDeliveredAsync(NotifyProviderMessage message, string channel, CancellationToken cancellationToken) =>
        store.HasMarkerAsync(message.CaseId, DeliveredKey(message.NotificationId, channel), cancellationToken);

    /// <summary>Recorded once per notification and channel, whatever the redeliveries: a marker row is written in the same transaction.</summary>
    public Task DeliveredAsync(NotifyProviderMessage message, string channel, long attempt, DeliveryResult result, CancellationToken cancellationToken) =>
        RecordAsync(
            message,
            change => change.AddEvent(
                NotificationEvents.Delivered,
                new NotificationDelivered(message.ReferralId, message.ProviderId, message.Type, message.NotificationId, channel, attempt, result.StatusCode)),
            DeliveredKey(message.NotificationId, channel),
            cancellationToken);

    /// <summary>
    /// Recorded once per notification and channel too (or once per notification when <paramref name="channel"/> is
    /// null: the provider has none): a redelivered or replayed message that fails again adds nothing.
    /// </summary>
    public Task FailedAsync(NotifyProviderMessage message, string? channel, long attempt, DeliveryResult result, CancellationToken cancellationToken) =>
        RecordAsync(
            message,
            change => change.AddEvent(
                NotificationEvents.Failed,
                new NotificationFailed(message.ReferralId, message.ProviderId, message.Type, message.NotificationId, channel, attempt, result.StatusCode, result.Reason)),
            $"failed-{message.NotificationId}-{channel ?? NoChannel}",
            cancellationToken);

    private static string DeliveredKey(string notificationId, string channel) => $"delivered-{notificationId}-{channel}";

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
