using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Referrals;

public sealed record ReferralRequested(string ReferralId, string ServiceType, string Urgency);

public sealed record ReferralOffered(string ReferralId, string ProviderId, DateTimeOffset RespondBy);

public sealed record ReferralUnmet(string ReferralId);

public sealed record ReferralAccepted(string ReferralId, string ProviderId);

/// <summary>A decline or an expiry: the provider lets the referral go, and it is routed again.</summary>
public sealed record ReferralReleased(string ReferralId, string ProviderId);

public sealed record ReferralDeclined(string Reason, string ReferralId, string ProviderId);

/// <summary>The provider's notes are its own words for the case's caseworkers: they stay in the case's history.</summary>
public sealed record ReferralCompleted(string ReferralId, string ProviderId, string Outcome, string? Notes);

/// <summary><see cref="ProviderId"/> is the provider that held it, if one did.</summary>
public sealed record ReferralCancelled(string ReferralId, string? ProviderId, string Reason);

/// <summary>
/// The provider that completed the referral may no longer read it. <see cref="Reason"/>: <c>consent_withdrawn</c>,
/// <c>case_closed</c> or <c>completion_period_over</c>. (A provider loses an open referral with its decline, expiry or cancellation.)
/// </summary>
public sealed record ReferralProviderAccessEnded(string ReferralId, string ProviderId, string Reason)
{
    public static readonly IReadOnlyList<string> Reasons =
        [CancelReferralsWhenCaseEnds.ConsentWithdrawn, CancelReferralsWhenCaseEnds.CaseClosed, ProviderAccessExpiry.CompletionPeriodOver];
}

public static class ReferralEvents
{
    public static readonly CaseEventType<ReferralRequested> Requested = new("referral.requested", ReferralJson.Default.ReferralRequested);
    public static readonly CaseEventType<ReferralOffered> Offered = new("referral.offered", ReferralJson.Default.ReferralOffered);
    public static readonly CaseEventType<ReferralUnmet> Unmet = new("referral.unmet", ReferralJson.Default.ReferralUnmet);
    public static readonly CaseEventType<ReferralAccepted> Accepted = new("referral.accepted", ReferralJson.Default.ReferralAccepted);
    public static readonly CaseEventType<ReferralDeclined> Declined = new("referral.declined", ReferralJson.Default.ReferralDeclined);
    public static readonly CaseEventType<ReferralReleased> Expired = new("referral.expired", ReferralJson.Default.ReferralReleased);
    public static readonly CaseEventType<ReferralCompleted> Completed = new("referral.completed", ReferralJson.Default.ReferralCompleted);
    public static readonly CaseEventType<ReferralCancelled> Cancelled = new("referral.cancelled", ReferralJson.Default.ReferralCancelled);
    public static readonly CaseEventType<ReferralProviderAccessEnded> ProviderAccessEnded = new("referral.provider_access_ended", ReferralJson.Default.ReferralProviderAccessEnded);

    /// <summary>The events after which a provider no longer holds the referral, or never will again: its slot is free.</summary>
    public static IEnumerable<(string ReferralId, string ProviderId)> Releases(CaseFollowUp followUp) =>
        followUp.Of(Declined).Select(item => (item.Data.ReferralId, item.Data.ProviderId))
            .Concat(followUp.Of(Expired).Select(item => (item.Data.ReferralId, item.Data.ProviderId)))
            .Concat(followUp.Of(Completed).Select(item => (item.Data.ReferralId, item.Data.ProviderId)))
            .Concat(followUp.Of(Cancelled).Where(item => item.Data.ProviderId is not null).Select(item => (item.Data.ReferralId, item.Data.ProviderId!)));
}
