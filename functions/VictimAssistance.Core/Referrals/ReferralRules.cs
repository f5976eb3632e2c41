using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Referrals;

/// <summary>A case registered with the survivor's referral consent asks for a referral for every need, in its registration's transaction.</summary>
public sealed class RequestReferralsForNeeds : ICaseRule
{
    public void Apply(CaseChange change)
    {
        if (!change.IsNew || change.Details.Consent?.Referral != true)
        {
            return;
        }

        foreach (var need in change.Details.Needs ?? [])
        {
            change.RequestReferral(need.ServiceType!, need.Urgency!, need.Notes);
        }
    }
}

/// <summary>
/// Closing a case, or withdrawing referral consent, cancels its open referrals and ends the access of the providers
/// that completed its other referrals, in the same transaction.
/// </summary>
public sealed class CancelReferralsWhenCaseEnds : ICaseRule
{
    public const string CaseClosed = "case_closed";
    public const string ConsentWithdrawn = "consent_withdrawn";

    /// <summary>The case's personal data was erased (the Erasure feature cancels with this reason in its own change).</summary>
    public const string CaseErased = "case_erased";

    public void Apply(CaseChange change)
    {
        var reason = change.Added(CaseEvents.Closed) ? CaseClosed
            : change.Before?.Details.Consent?.Referral == true && change.Details.Consent?.Referral != true ? ConsentWithdrawn
            : null;
        if (reason is null)
        {
            return;
        }

        change.CancelOpenReferrals(reason);
        foreach (var referral in change.RowsOf<ReferralEntity>().ToList())
        {
            change.EndProviderAccess(referral.ReferralId, reason);
        }
    }
}
