using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// The referral state machine, as edits of a <see cref="CaseChange"/>: each moves one referral and appends its event
/// in the same transaction. The router and the expiry answer "nothing to do" (null, no event) when the referral has
/// moved on; a caller's transition from the wrong status is a conflict.
/// </summary>
public static class ReferralTransitions
{
    public static readonly IReadOnlyList<string> Outcomes = ["service_provided", "partially_provided", "not_provided"];

    /// <summary>Waiting for a provider: the only statuses the router acts on.</summary>
    public static bool AwaitsProvider(string status) => status is ReferralStatuses.Requested or ReferralStatuses.Unmet;

    /// <summary>
    /// The provider a referral belongs to now: offered to it, or accepted by it, or completed by it while its access
    /// has not ended; null otherwise.
    /// </summary>
    public static string? HolderOf(ReferralEntity? referral) => referral?.Status switch
    {
        ReferralStatuses.Offered or ReferralStatuses.Accepted => referral.ProviderId,
        ReferralStatuses.Completed when referral.ProviderAccessEndedAt is null => referral.ProviderId,
        _ => null,
    };

    /// <summary>The providers a referral is never offered to again, from their stored comma-separated list.</summary>
    public static IReadOnlySet<string> ExcludedProviders(string? excluded) =>
        (excluded ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public static Problem? Offer(CaseChange change, string referralId, string providerId, TimeSpan responseWindow)
    {
        if (change.EditReferral(referralId) is not { } referral || !AwaitsProvider(referral.Status))
        {
            return null;
        }

        referral.Status = ReferralStatuses.Offered;
        referral.ProviderId = providerId;
        referral.RespondBy = change.Now + responseWindow;
        change.AddEvent(ReferralEvents.Offered, new ReferralOffered(referralId, providerId, referral.RespondBy.Value));
        return null;
    }

    /// <summary>No eligible provider: requested becomes unmet; an unmet referral stays as it is, without a new event.</summary>
    public static Problem? MarkUnmet(CaseChange change, string referralId)
    {
        if (change.EditReferral(referralId) is { Status: ReferralStatuses.Requested } referral)
        {
            referral.Status = ReferralStatuses.Unmet;
            change.AddEvent(ReferralEvents.Unmet, new ReferralUnmet(referralId));
        }

        return null;
    }

    /// <summary>An offer past its respondBy goes back to requested, its provider excluded, to be routed again.</summary>
    public static Problem? Expire(CaseChange change, string referralId)
    {
        if (change.EditReferral(referralId) is { Status: ReferralStatuses.Offered } referral && referral.RespondBy <= change.Now)
        {
            var providerId = Release(referral);
            change.AddEvent(ReferralEvents.Expired, new ReferralReleased(referral.ReferralId, providerId));
        }

        return null;
    }

    public static Problem? Accept(CaseChange change, ReferralEntity referral)
    {
        if (referral.Status != ReferralStatuses.Offered)
        {
            return WrongStatus("accepted", "offered");
        }

        // The response window is over even if the expiry timer has not run yet.
        if (referral.RespondBy < change.Now)
        {
            return new Problem(ProblemKind.Conflict, "Offer expired", "The response window of this offer has passed; it is being routed again.");
        }

        referral.Status = ReferralStatuses.Accepted;
        referral.RespondBy = null;
        change.AddEvent(ReferralEvents.Accepted, new ReferralAccepted(referral.ReferralId, referral.ProviderId!));
        return null;
    }

    public static Problem? Decline(CaseChange change, ReferralEntity referral, string reason)
    {
        if (referral.Status != ReferralStatuses.Offered)
        {
            return WrongStatus("declined", "offered");
        }

        var providerId = Release(referral);
        change.AddEvent(ReferralEvents.Declined, new ReferralDeclined(reason, referral.ReferralId, providerId));
        return null;
    }

    public static Problem? Complete(CaseChange change, ReferralEntity referral, string outcome, string? notes)
    {
        if (referral.Status != ReferralStatuses.Accepted)
        {
            return WrongStatus("completed", "accepted");
        }

        referral.Status = ReferralStatuses.Completed;
        referral.CompletedAt = change.Now;
        change.AddEvent(ReferralEvents.Completed, new ReferralCompleted(referral.ReferralId, referral.ProviderId!, outcome, notes));
        return null;
    }

    /// <summary>Back to requested, its provider excluded from routing it again; returns that provider.</summary>
    private static string Release(ReferralEntity referral)
    {
        var providerId = referral.ProviderId!;
        referral.ExcludedProviders = string.Join(',', ExcludedProviders(referral.ExcludedProviders).Append(providerId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        referral.Status = ReferralStatuses.Requested;
        referral.ProviderId = null;
        referral.RespondBy = null;
        return providerId;
    }

    private static Problem WrongStatus(string to, string from) =>
        new(ProblemKind.Conflict, "Wrong referral status", $"Only an {from} referral can be {to}.");
}
