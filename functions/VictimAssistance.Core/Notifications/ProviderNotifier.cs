using System.Text.Json;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Notifications;

/// <summary>
/// The notify-provider queue's work: one webhook for one offered or cancelled referral, its outcome recorded in the
/// case history. The queue delivers at least once; a notifier claims the delivery in the <see cref="DeliveryLedger"/>
/// before it sends, so duplicated and concurrent messages deliver it once, and a delivered one is not sent again.
/// </summary>
public sealed partial class ProviderNotifier(
    DeliveryLedger ledger,
    ProviderDirectory directory,
    WebhookSender sender,
    NotificationHistory history,
    QueueAttempts attempts,
    StorageClients storage,
    TimeProvider time,
    ILogger<ProviderNotifier> logger)
{
    private const string Channel = "webhook";

    private static readonly TimeSpan StorageRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Throws when the delivery failed and the queue should retry it (at its last attempt, after recording the failure).</summary>
    public async Task NotifyAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
    {
        var message = Read(messageText);
        using var activity = AppTelemetry.StartProcessing(QueueNames.NotifyProvider, message.TraceParent);
        activity?.SetTag("va.notification_id", message.NotificationId);
        try
        {
            await NotifyAsync(message, dequeueCount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (attempts.IsLast(dequeueCount) && StorageFaults.IsStorageFailure(failure, cancellationToken))
        {
            // Storage failed, not the provider: the notification goes back on the queue for later instead of to poison.
            LogStorageRetry(logger, message.NotificationId);
            await SendLaterAsync(message, StorageRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task NotifyAsync(NotifyProviderMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        var provider = await directory.FindAsync(message.ProviderId, cancellationToken).ConfigureAwait(false);
        if (provider?.ToProvider().Webhook is not { DisabledAt: null } webhook || provider.WebhookSecret is not { } secret)
        {
            LogNothingToSend(logger, message.NotificationId, message.ProviderId);
            return;
        }

        if (await history.IsDeliveredAsync(message, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyDelivered(logger, message.NotificationId);
            return;
        }

        switch (await ledger.ClaimAsync(message.NotificationId, Channel, cancellationToken).ConfigureAwait(false))
        {
            case ClaimResult.Delivered:
                LogAlreadyDelivered(logger, message.NotificationId);
                return;
            case ClaimResult.Busy:
                // A duplicate: the notifier that holds the delivery keeps its own message until it is done, and that
                // message comes back if it fails or dies.
                LogInFlight(logger, message.NotificationId);
                return;
        }

        try
        {
            await DeliverAsync(message, new Uri(webhook.Url), secret, dequeueCount, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // This attempt failed after claiming the delivery: its retry must not take its own claim for a duplicate's.
            await ledger.ReleaseAsync(message.NotificationId, Channel, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DeliverAsync(NotifyProviderMessage message, Uri url, string secret, long dequeueCount, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(
            new WebhookBody(message.Type, message.OccurredAt, new WebhookData(message.ReferralId, message.ServiceType, message.Urgency, message.RespondBy)),
            ApiJson.Api.WebhookBody);
        var result = await sender.SendAsync(url, secret, message.NotificationId, body, cancellationToken).ConfigureAwait(false);
        LogSent(logger, message.NotificationId, message.ProviderId, result.Outcome, result.StatusCode, result.Reason, dequeueCount);
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                await history.DeliveredAsync(message, dequeueCount, result, cancellationToken).ConfigureAwait(false);
                await ledger.DeliveredAsync(message.NotificationId, Channel, cancellationToken).ConfigureAwait(false);
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

                throw new WebhookDeliveryException(message.NotificationId, result.Reason);
        }
    }

    private Task SendLaterAsync(NotifyProviderMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        storage.SendAsync(QueueNames.NotifyProvider, message, NotificationJson.Default.NotifyProviderMessage, delay, cancellationToken);

    private async Task RecordFailureAsync(NotifyProviderMessage message, long dequeueCount, DeliveryResult result, CancellationToken cancellationToken)
    {
        await history.FailedAsync(message, dequeueCount, result, cancellationToken).ConfigureAwait(false);
        AppTelemetry.NotificationsFailed.Add(1);
    }

    private static NotifyProviderMessage Read(string messageText)
    {
        NotifyProviderMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(messageText, NotificationJson.Default.NotifyProviderMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        // Ids are checked before they reach a storage filter; an unreadable message ends in the poison queue, kept.
        return message is { CaseId: { } caseId, ReferralId: { } referralId, ProviderId: { } providerId, Type: { } type, ServiceType: not null, Urgency: not null }
            && CaseIds.IsWellFormed(caseId)
            && CaseIds.IsWellFormed(referralId)
            && ProviderValidator.IsWellFormedId(providerId)
            && WebhookBody.Types.Contains(type)
            && NotifyProviderMessage.IsWellFormedId(message.NotificationId)
            ? message
            : throw new FormatException("A notify-provider message could not be read.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} is being sent by another notifier; this duplicate is dropped.")]
    private static partial void LogInFlight(ILogger logger, string notificationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId}: storage failed at the queue's last attempt; sent back to the queue for later.")]
    private static partial void LogStorageRetry(ILogger logger, string notificationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} is recorded as delivered already; not sent again.")]
    private static partial void LogAlreadyDelivered(ILogger logger, string notificationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId}: provider {ProviderId} has no enabled webhook; nothing sent.")]
    private static partial void LogNothingToSend(ILogger logger, string notificationId, string providerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} to provider {ProviderId}: {Outcome} (status {StatusCode}, {Reason}) at attempt {DequeueCount}.")]
    private static partial void LogSent(ILogger logger, string notificationId, string providerId, DeliveryOutcome outcome, int? statusCode, string reason, long dequeueCount);
}

/// <summary>A delivery that failed after its in-process retries: the queue delivers the message again. Ids and a reason code only.</summary>
public sealed class WebhookDeliveryException(string notificationId, string reason)
    : Exception($"Notification {notificationId} was not delivered ({reason}); the queue retries it.");
