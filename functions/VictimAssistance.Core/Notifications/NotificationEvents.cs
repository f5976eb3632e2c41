using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Notifications;

/// <summary>
/// A notification's outcome on one channel (<see cref="NotificationChannels"/>) in the case history: ids and codes
/// only. <see cref="StatusCode"/> is the receiver's HTTP status or the SMTP server's reply code.
/// </summary>
public sealed record NotificationDelivered(string ReferralId, string ProviderId, string NotificationType, string WebhookId, string Channel, long Attempt, int? StatusCode);

/// <summary><see cref="Channel"/> is null when the provider has no channel at all (<see cref="DeliveryReasons.NoChannel"/>).</summary>
public sealed record NotificationFailed(string ReferralId, string ProviderId, string NotificationType, string WebhookId, string? Channel, long Attempt, int? StatusCode, string Reason);

public static class NotificationEvents
{
    public static readonly CaseEventType<NotificationDelivered> Delivered = new("notification.delivered", NotificationJson.Default.NotificationDelivered);
    public static readonly CaseEventType<NotificationFailed> Failed = new("notification.failed", NotificationJson.Default.NotificationFailed);
}

/// <summary>
/// Asks the notifier to tell a provider about a referral: ids and codes only, everything the notice says.
/// <see cref="NotificationId"/> is the same on every redelivery of the event, so a provider can recognise a repeat.
/// </summary>
public sealed record NotifyProviderMessage(
    string NotificationId,
    string CaseId,
    string ReferralId,
    string ProviderId,
    string Type,
    DateTimeOffset OccurredAt,
    string ServiceType,
    string Urgency,
    DateTimeOffset? RespondBy,
    string? TraceParent = null)
{
    /// <summary>
    /// One opaque id per history event (the webhook's <c>webhook-id</c>): derived from the case and the event's
    /// sequence, so a redelivered outbox entry gives the same id, without showing the case id to the provider.
    /// </summary>
    public static string IdFor(string caseId, long sequence) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"notification\n{caseId}\n{sequence}")).AsSpan(0, 16));

    public static bool IsWellFormedId(string? notificationId) =>
        notificationId is { Length: 36 } && notificationId.StartsWith("msg_", StringComparison.Ordinal) && notificationId[4..].All(char.IsAsciiHexDigitLower);
}

/// <summary>
/// The notify-provider queue's message: the notices of one change of a case for one provider (two offers of one
/// registration, say), so the notifier reads the provider once for them all. Each notice keeps its own
/// <see cref="NotifyProviderMessage.NotificationId"/>, delivery and history record.
/// </summary>
public sealed record ProviderNotices(string CaseId, string ProviderId, IReadOnlyList<NotifyProviderMessage> Notices, string? TraceParent = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(NotificationDelivered))]
[JsonSerializable(typeof(NotificationFailed))]
[JsonSerializable(typeof(NotifyProviderMessage))]
[JsonSerializable(typeof(ProviderNotices))]
public sealed partial class NotificationJson : JsonSerializerContext;
