using System.Text.Json;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Notifications;

/// <summary>
/// The notify-provider queue's work: the notices of offered or cancelled referrals of one change for one provider,
/// each sent to every enabled channel of the provider (its webhook, its email addresses), each outcome recorded in
/// the case history. The queue delivers
/// at least once; a notifier claims each channel's delivery in the <see cref="DeliveryLedger"/> before it sends, so
/// duplicated and concurrent messages deliver it once per channel, and a delivered one is not sent again.
/// </summary>
public sealed partial class ProviderNotifier(
    DeliveryLedger ledger,
    ProviderDirectory directory,
    WebhookSender webhooks,
    EmailSender email,
    NotificationHistory history,
    QueueAttempts attempts,
    StorageClients storage,
    TimeProvider time,
    ILogger<ProviderNotifier> logger)
{
    private static readonly TimeSpan StorageRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a channel's delivery failed and the queue should retry it (at its last attempt, after recording the failure).</summary>
    public async Task NotifyAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
    {
        var message = Read(messageText);
        var ids = string.Join(',', message.Notices.Select(notice => notice.NotificationId));
        using var activity = AppTelemetry.StartProcessing(QueueNames.NotifyProvider, message.TraceParent);
        activity?.SetTag("va.notification_id", ids);
        try
        {
            await NotifyAsync(message, dequeueCount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (attempts.IsLast(dequeueCount) && StorageFaults.IsStorageFailure(failure, cancellationToken))
        {
            // Storage failed, not the provider: the notices go back on the queue for later instead of to poison.
            LogStorageRetry(logger, ids);
            await SendLaterAsync(message, StorageRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every notice on every channel is tried before the queue retries; on the retry, one delivered already is skipped.</summary>
    private async Task NotifyAsync(ProviderNotices message, long dequeueCount, CancellationToken cancellationToken)
    {
        var provider = await directory.FindAsync(message.ProviderId, cancellationToken).ConfigureAwait(false);
        var retried = new List<(string NotificationId, string Reason)>();
        foreach (var notice in message.Notices)
        {
            var channels = ChannelsOf(provider, notice);
            if (channels.Count == 0)
            {
                LogNoChannel(logger, notice.NotificationId, notice.ProviderId);
                await RecordFailureAsync(notice, channel: null, dequeueCount, new(DeliveryOutcome.Refused, null, DeliveryReasons.NoChannel), cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var channel in channels)
            {
                if (await DeliverAsync(notice, channel, dequeueCount, cancellationToken).ConfigureAwait(false) is { } reason)
                {
                    retried.Add((notice.NotificationId, $"{channel.Name}: {reason}"));
                }
            }
        }

        if (retried.Count > 0)
        {
            throw new NotificationDeliveryException(
                string.Join(',', retried.Select(item => item.NotificationId).Distinct(StringComparer.Ordinal)),
                string.Join(", ", retried.Select(item => item.Reason)));
        }
    }

    /// <summary>The provider's enabled channels: a webhook not disabled and with its secret, and email addresses.</summary>
    private List<Channel> ChannelsOf(ProviderEntity? entry, NotifyProviderMessage message)
    {
        var channels = new List<Channel>();
        if (entry?.ToProvider() is not { } provider)
        {
            return channels;
        }

        if (provider.Webhook is { DisabledAt: null } webhook && directory.OpenSecret(entry) is { } secret)
        {
            var body = JsonSerializer.Serialize(
                new WebhookBody(message.Type, message.OccurredAt, new WebhookData(message.ReferralId, message.ServiceType, message.Urgency, message.RespondBy)),
                ApiJson.Api.WebhookBody);
            channels.Add(new(NotificationChannels.Webhook, token => webhooks.SendAsync(new Uri(webhook.Url), secret, message.NotificationId, body, token)));
        }

        if (provider.EmailAddresses.Count > 0)
        {
            channels.Add(new(NotificationChannels.Email, token => email.SendAsync(message, provider, token)));
        }

        return channels;
    }

    /// <summary>Sends on one channel unless it is delivered or being sent; the reason when the queue should retry it, otherwise null.</summary>
    private async Task<string?> DeliverAsync(NotifyProviderMessage message, Channel channel, long dequeueCount, CancellationToken cancellationToken)
    {
        if (await history.IsDeliveredAsync(message, channel.Name, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyDelivered(logger, message.NotificationId, channel.Name);
            return null;
        }

        switch (await ledger.ClaimAsync(message.NotificationId, channel.Name, cancellationToken).ConfigureAwait(false))
        {
            case ClaimResult.Delivered:
                LogAlreadyDelivered(logger, message.NotificationId, channel.Name);
                return null;
            case ClaimResult.Busy:
                // A duplicate: the notifier that holds the delivery keeps its own message until it is done, and that
                // message comes back if it fails or dies.
                LogInFlight(logger, message.NotificationId, channel.Name);
                return null;
        }

        try
        {
            return await SendAsync(message, channel, dequeueCount, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // This attempt failed after claiming the delivery: its retry must not take its own claim for a duplicate's.
            await ledger.ReleaseAsync(message.NotificationId, channel.Name, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends on one claimed channel and records the outcome; the reason when the queue should retry it, otherwise null.</summary>
    private async Task<string?> SendAsync(NotifyProviderMessage message, Channel channel, long dequeueCount, CancellationToken cancellationToken)
    {
        var result = await channel.SendAsync(cancellationToken).ConfigureAwait(false);
        LogSent(logger, message.NotificationId, channel.Name, message.ProviderId, result.Outcome, result.StatusCode, result.Reason, dequeueCount);
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                await history.DeliveredAsync(message, channel.Name, dequeueCount, result, cancellationToken).ConfigureAwait(false);
                await ledger.DeliveredAsync(message.NotificationId, channel.Name, cancellationToken).ConfigureAwait(false);
                AppTelemetry.NotificationsDelivered.Add(1);
                return null;
            case DeliveryOutcome.Gone:
                await directory.DisableWebhookAsync(message.ProviderId, result.Reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                await RecordFailureAsync(message, channel.Name, dequeueCount, result, cancellationToken).ConfigureAwait(false);
                return null;
            case DeliveryOutcome.Refused:
                await RecordFailureAsync(message, channel.Name, dequeueCount, result, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                await ledger.ReleaseAsync(message.NotificationId, channel.Name, cancellationToken).ConfigureAwait(false);
                if (attempts.IsLast(dequeueCount))
                {
                    await RecordFailureAsync(message, channel.Name, dequeueCount, result, cancellationToken).ConfigureAwait(false);
                }

                return result.Reason;
        }
    }

    private Task SendLaterAsync(ProviderNotices message, TimeSpan delay, CancellationToken cancellationToken) =>
        storage.SendAsync(QueueNames.NotifyProvider, message, NotificationJson.Default.ProviderNotices, delay, cancellationToken);

    private async Task RecordFailureAsync(NotifyProviderMessage message, string? channel, long dequeueCount, DeliveryResult result, CancellationToken cancellationToken)
    {
        await history.FailedAsync(message, channel, dequeueCount, result, cancellationToken).ConfigureAwait(false);
        AppTelemetry.NotificationsFailed.Add(1);
    }

    /// <summary>
    /// The notices of one change for one provider; a message of one notice (as sent before notices travelled
    /// together, or replayed from poison) is read as a list of one, so none is lost across an upgrade.
    /// </summary>
    private static ProviderNotices Read(string messageText)
    {
        var message = QueueMessages.Read(messageText, NotificationJson.Default.ProviderNotices, QueueNames.NotifyProvider, _ => true);
        if (message.Notices is null)
        {
            var single = QueueMessages.Read(messageText, NotificationJson.Default.NotifyProviderMessage, QueueNames.NotifyProvider, IsWellFormed);
            return new ProviderNotices(single.CaseId, single.ProviderId, [single], single.TraceParent);
        }

        return message is { Notices.Count: > 0 } && message.Notices.All(notice => IsWellFormed(notice) && notice.CaseId == message.CaseId && notice.ProviderId == message.ProviderId)
            ? message
            : throw new FormatException($"A message of {QueueNames.NotifyProvider} could not be read.");
    }

    private static bool IsWellFormed(NotifyProviderMessage message) =>
        message is { CaseId: { } caseId, ReferralId: { } referralId, ProviderId: { } providerId, Type: { } type, ServiceType: not null, Urgency: not null }
        && CaseIds.IsWellFormed(caseId)
        && CaseIds.IsWellFormed(referralId)
        && ProviderValidator.IsWellFormedId(providerId)
        && WebhookBody.Types.Contains(type)
        && NotifyProviderMessage.IsWellFormedId(message.NotificationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} ({Channel}) is being sent by another notifier; this duplicate is dropped.")]
    private static partial void LogInFlight(ILogger logger, string notificationId, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications {NotificationIds}: storage failed at the queue's last attempt; sent back to the queue for later.")]
    private static partial void LogStorageRetry(ILogger logger, string notificationIds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} ({Channel}) is recorded as delivered already; not sent again.")]
    private static partial void LogAlreadyDelivered(ILogger logger, string notificationId, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId}: provider {ProviderId} has no enabled webhook and no email address; nothing sent.")]
    private static partial void LogNoChannel(ILogger logger, string notificationId, string providerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} ({Channel}) to provider {ProviderId}: {Outcome} (status {StatusCode}, {Reason}) at attempt {DequeueCount}.")]
    private static partial void LogSent(ILogger logger, string notificationId, string channel, string providerId, DeliveryOutcome outcome, int? statusCode, string reason, long dequeueCount);

    /// <summary>One way a notice reaches the provider.</summary>
    private sealed record Channel(string Name, Func<CancellationToken, Task<DeliveryResult>> SendAsync);
}

/// <summary>A delivery that failed on some channel after its in-process retries: the queue delivers the message again. Ids and reason codes only.</summary>
public sealed class NotificationDeliveryException(string notificationIds, string reasons)
    : Exception($"Notification {notificationIds} was not delivered ({reasons}); the queue retries it.");
