using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Core.Notifications;

/// <summary>The body a provider's webhook receives: ids and the service only, never personal data.</summary>
public sealed record WebhookBody(string Type, DateTimeOffset Timestamp, WebhookData Data)
{
    /// <summary>The history events a provider is notified of.</summary>
    public static readonly IReadOnlyList<string> Types = [ReferralEvents.Offered.Name, ReferralEvents.Cancelled.Name];
}

/// <summary><see cref="RespondBy"/> is null for a cancellation.</summary>
public sealed record WebhookData(string ReferralId, string ServiceType, string Urgency, DateTimeOffset? RespondBy);
