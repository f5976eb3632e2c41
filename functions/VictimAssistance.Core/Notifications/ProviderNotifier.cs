using System.Text.Json;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Notifications;

/// <summary>
/// The notify-provider queue's work: one webhook for one offered or cancelled referral, its outcome recorded in the
/// case history. The queue delivers at least once; a notification already recorded as delivered is not sent again.
/// </summary>
public sealed partial class ProviderNotifier(
    CaseStore store,
    ProviderDirectory directory,
    WebhookSender sender,
    NotificationHistory history,
    QueueAttempts attempts,
    StorageClients storage,
    TimeProvider time,
    ILogger<ProviderNotifier> logger)
{
    private static readonly TimeSpan StorageRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Throws when the delivery failed and the queue should retry it (at its last attempt, after recording the failure).</summary>
    public async Task NotifyAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
    {
        var message = Read(messageText);
        using var activity = AppTelemetry.StartProcessing(QueueNames.NotifyProvider, message.TraceParent);
        activity?.SetTag("va.webhook_id", message.WebhookId);
        try
        {
            await NotifyAsync(message, dequeueCount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (attempts.IsLast(dequeueCount) && StorageFaults.IsStorageFailure(failure, cancellationToken))
        {
            // Storage failed, not the provider: the notification goes back on the queue for later instead of to poison.
            LogStorageRetry(logger, message.WebhookId);
            await storage.SendAsync(QueueNames.NotifyProvider, message, ReferralMessageJson.Default.NotifyProviderMessage, StorageRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task NotifyAsync(NotifyProviderMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        if (await history.IsDeliveredAsync(message, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyDelivered(logger, message.WebhookId);
            return;
        }

        var body = await BodyAsync(message, cancellationToken).ConfigureAwait(false);
        var provider = await directory.FindAsync(message.ProviderId, cancellationToken).ConfigureAwait(false);
        if (body is null || provider?.ToProvider().Webhook is not { DisabledAt: null } webhook || provider.WebhookSecret is not { } secret)
        {
            LogNothingToSend(logger, message.WebhookId, message.ProviderId);
            return;
        }

        var result = await sender.SendAsync(new Uri(webhook.Url), secret, message.WebhookId, body, cancellationToken).ConfigureAwait(false);
        LogSent(logger, message.WebhookId, message.ProviderId, result.Outcome, result.StatusCode, result.Reason, dequeueCount);
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                await history.DeliveredAsync(message, dequeueCount, result, cancellationToken).ConfigureAwait(false);
                AppTelemetry.NotificationsDelivered.Add(1);
                break;
            case DeliveryOutcome.Gone:
                await directory.DisableWebhookAsync(message.ProviderId, result.Reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                await RecordFailureAsync(message, dequeueCount, result, cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryOutcome.Refused:
                await RecordFailureAsync(message, dequeueCount, result, cancellationToken).ConfigureAwait(false);
                break;
            default:
                if (attempts.IsLast(dequeueCount))
                {
                    await RecordFailureAsync(message, dequeueCount, result, cancellationToken).ConfigureAwait(false);
                }

                throw new WebhookDeliveryException(message.WebhookId, result.Reason);
        }
    }

    private async Task RecordFailureAsync(NotifyProviderMessage message, long dequeueCount, DeliveryResult result, CancellationToken cancellationToken)
    {
        await history.FailedAsync(message, dequeueCount, result, cancellationToken).ConfigureAwait(false);
        AppTelemetry.NotificationsFailed.Add(1);
    }

    /// <summary>The webhook body, from the event the notification is about and its referral; null when either is gone.</summary>
    private async Task<string?> BodyAsync(NotifyProviderMessage message, CancellationToken cancellationToken)
    {
        var events = await store.LoadEventsAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
        var notified = events.FirstOrDefault(item => item.Type == message.Type && NotifyProviderMessage.WebhookIdFor(message.CaseId, item.Sequence) == message.WebhookId);
        var record = await store.LoadAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
        var referral = record?.Referrals.FirstOrDefault(candidate => candidate.ReferralId == message.ReferralId);
        if (notified is null || referral is null)
        {
            return null;
        }

        using var data = JsonDocument.Parse(notified.Data);
        var respondBy = data.RootElement.TryGetProperty("respondBy", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetDateTimeOffset()
            : (DateTimeOffset?)null;
        var body = new WebhookBody(message.Type, notified.OccurredAt, new WebhookData(referral.ReferralId, referral.ServiceType, referral.Urgency, respondBy));
        return JsonSerializer.Serialize(body, ApiJson.Default.WebhookBody);
    }

    private static NotifyProviderMessage Read(string messageText)
    {
        NotifyProviderMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(messageText, ReferralMessageJson.Default.NotifyProviderMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        // Ids are checked before they reach a storage filter; an unreadable message ends in the poison queue, kept.
        return message is not null
            && CaseIds.IsWellFormed(message.CaseId)
            && CaseIds.IsWellFormed(message.ReferralId)
            && ProviderValidator.IsWellFormedId(message.ProviderId)
            && WebhookBody.Types.Contains(message.Type)
            && message.WebhookId.StartsWith(NotifyProviderMessage.WebhookIdFor(message.CaseId, 0)[..^1], StringComparison.Ordinal)
            ? message
            : throw new FormatException("A notify-provider message could not be read.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {WebhookId}: storage failed at the queue's last attempt; sent back to the queue for later.")]
    private static partial void LogStorageRetry(ILogger logger, string webhookId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {WebhookId} is recorded as delivered already; not sent again.")]
    private static partial void LogAlreadyDelivered(ILogger logger, string webhookId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {WebhookId}: provider {ProviderId} has no enabled webhook, or the referral is gone; nothing sent.")]
    private static partial void LogNothingToSend(ILogger logger, string webhookId, string providerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {WebhookId} to provider {ProviderId}: {Outcome} (status {StatusCode}, {Reason}) at attempt {DequeueCount}.")]
    private static partial void LogSent(ILogger logger, string webhookId, string providerId, DeliveryOutcome outcome, int? statusCode, string reason, long dequeueCount);
}

/// <summary>A delivery that failed after its in-process retries: the queue delivers the message again. Ids and a reason code only.</summary>
public sealed class WebhookDeliveryException(string webhookId, string reason)
    : Exception($"Notification {webhookId} was not delivered ({reason}); the queue retries it.");
