namespace VictimAssistance.Core.Cases;

/// <summary>The event types of a case's history, as the contract names them.</summary>
public static class CaseEventTypes
{
    public const string Registered = "case.registered";
    public const string Updated = "case.updated";
    public const string Closed = "case.closed";
    public const string ReferralRequested = "referral.requested";
    public const string ReferralOffered = "referral.offered";
    public const string ReferralAccepted = "referral.accepted";
    public const string ReferralDeclined = "referral.declined";
    public const string ReferralExpired = "referral.expired";
    public const string ReferralCompleted = "referral.completed";
    public const string ReferralUnmet = "referral.unmet";
    public const string ReferralCancelled = "referral.cancelled";
    public const string NotificationDelivered = "notification.delivered";
    public const string NotificationFailed = "notification.failed";

    public static readonly IReadOnlyList<string> All =
    [
        Registered, Updated, Closed,
        ReferralRequested, ReferralOffered, ReferralAccepted, ReferralDeclined, ReferralExpired, ReferralCompleted, ReferralUnmet, ReferralCancelled,
        NotificationDelivered, NotificationFailed,
    ];
}
