using Microsoft.Extensions.Options;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Whether the provider that completed a referral may still read it: until <c>Referrals:ProviderAccessAfterCompletion</c>
/// after completion, at the TimeProvider's now. Reads check it themselves, so access ends on time even before
/// <see cref="ProviderAccessExpiry"/> records it.
/// </summary>
public sealed class ProviderAccess(IOptions<ReferralOptions> options, TimeProvider time)
{
    /// <summary>Referrals completed at or before this time have no provider access left.</summary>
    public DateTimeOffset EndedForCompletedBy => time.GetUtcNow() - options.Value.ProviderAccessAfterCompletion;

    /// <summary>The provider that may read the referral now: its holder, unless the period after completion is over.</summary>
    public string? ReaderOf(ReferralEntity referral) => IsOver(referral, time.GetUtcNow()) ? null : ReferralTransitions.HolderOf(referral);

    /// <summary>Whether the period after completion is over; a referral completed before the completion time was recorded counts from its last update.</summary>
    public bool IsOver(ReferralEntity referral, DateTimeOffset now) =>
        referral.Status == ReferralStatuses.Completed && (referral.CompletedAt ?? referral.UpdatedAt) + options.Value.ProviderAccessAfterCompletion <= now;
}

/// <summary>
/// Records the end of provider access to completed referrals whose period after completion is over
/// (<c>referral.provider_access_ended</c>, reason <c>completion_period_over</c>), which also removes the provider's
/// snapshot and takes the referral off its list. Reads only the due rows of <see cref="CompletedReferralIndex"/>.
/// </summary>
public sealed class ProviderAccessExpiry(CompletedReferralIndex completed, DueReferralWork work, ProviderAccess access)
{
    public const string CompletionPeriodOver = "completion_period_over";

    private static readonly Caller Actor = Caller.System("provider-access");

    public Task EndDueAsync(CancellationToken cancellationToken) =>
        work.ChangeEachAsync(completed, access.EndedForCompletedBy, Actor, EndIfOver, cancellationToken);

    private void EndIfOver(CaseChange change, string referralId)
    {
        if (change.RowsOf<ReferralEntity>().FirstOrDefault(referral => referral.ReferralId == referralId) is { } referral && access.IsOver(referral, change.Now))
        {
            change.EndProviderAccess(referralId, CompletionPeriodOver);
        }
    }
}
