using VictimAssistance.Core.Security;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Expires offers past their respondBy: each becomes <c>referral.expired</c>, its provider excluded, and is routed
/// again from the outbox. Reads only the due rows of the open-offer index; the time is the TimeProvider's, never
/// the timer's schedule, so a late, missed or repeated run does the same thing.
/// </summary>
public sealed class ReferralExpiry(OpenOfferIndex offers, DueReferralWork work, TimeProvider time)
{
    private static readonly Caller Expiry = Caller.System("expiry");

    public async Task ExpireDueAsync(CancellationToken cancellationToken)
    {
        var expired = await work.ChangeEachAsync(offers, time.GetUtcNow(), Expiry, (change, referralId) => ReferralTransitions.Expire(change, referralId), cancellationToken).ConfigureAwait(false);
        if (expired > 0)
        {
            AppTelemetry.ReferralsExpired.Add(expired);
        }
    }
}
