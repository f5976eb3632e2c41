using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Notifications;

/// <summary>Records a notification's outcome in the case history, through the one write path, as actor system.</summary>
public sealed class NotificationHistory(CaseWriter writer, CaseStore store)
{
    private static readonly Caller Notifier = Caller.System("notifier");

    /// <summary>Whether <see cref="CaseEventTypes.NotificationDelivered"/> is recorded for this notification already.</summary>
    public Task<bool> IsDeliveredAsync(NotifyProviderMessage message, CancellationToken cancellationToken) =>
        store.HasMarkerAsync(message.CaseId, DeliveredKey(message.WebhookId), cancellationToken);

    /// <summary>Recorded once per webhook id, whatever the redeliveries: a marker row is written in the same transaction.</summary>
    public Task DeliveredAsync(NotifyProviderMessage message, long attempt, DeliveryResult result, CancellationToken cancellationToken) =>
        RecordAsync(message, CaseEventTypes.NotificationDelivered, Data(message, attempt, result), DeliveredKey(message.WebhookId), cancellationToken);

    /// <summary>Recorded once per webhook id too: a redelivered or replayed message that fails again adds nothing.</summary>
    public Task FailedAsync(NotifyProviderMessage message, long attempt, DeliveryResult result, CancellationToken cancellationToken)
    {
        var data = Data(message, attempt, result);
        data["reason"] = result.Reason;
        return RecordAsync(message, CaseEventTypes.NotificationFailed, data, $"failed-{message.WebhookId}", cancellationToken);
    }

    private static string DeliveredKey(string webhookId) => $"delivered-{webhookId}";

    private static JsonObject Data(NotifyProviderMessage message, long attempt, DeliveryResult result) => new()
    {
        ["referralId"] = message.ReferralId,
        ["providerId"] = message.ProviderId,
        ["notificationType"] = message.Type,
        ["webhookId"] = message.WebhookId,
        ["attempt"] = attempt,
        ["statusCode"] = result.StatusCode,
    };

    private async Task RecordAsync(NotifyProviderMessage message, string type, JsonObject data, string? onceKey, CancellationToken cancellationToken)
    {
        var outcome = await writer.ChangeAsync(
            new CaseWrite(message.CaseId, Notifier, change =>
            {
                change.AddEvent(type, data);
                return null;
            }) { AllowClosed = true, OnceKey = onceKey },
            cancellationToken).ConfigureAwait(false);
        if (outcome.Problem is { Kind: not ProblemKind.NotFound } problem)
        {
            // Busy: the queue delivers the message again, and the outcome is recorded then.
            throw new InvalidOperationException($"Case {message.CaseId}: the outcome of notification {message.WebhookId} could not be recorded ({problem.Kind}).");
        }
    }
}
