using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Frees the provider's slot when a referral it held is declined, expires, is cancelled or completed, and then
/// routes the unmet referrals of its services again, since it may now take one.
/// </summary>
public sealed class ReleaseProviderCapacity(ProviderLoads loads, ProviderDirectory directory, UnmetReferralIndex unmet) : ICaseFollowUpHandler
{
    private static readonly string[] ReleasingEvents =
    [
        CaseEventTypes.ReferralDeclined, CaseEventTypes.ReferralExpired, CaseEventTypes.ReferralCancelled, CaseEventTypes.ReferralCompleted,
    ];

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var item in followUp.OfType(ReleasingEvents))
        {
            if (item.Data["providerId"]?.GetValue<string>() is not { } providerId)
            {
                continue;
            }

            // After any of these events the provider can never hold this referral again, so any reservation goes.
            await loads.ReleaseAsync(providerId, item.Data["referralId"]!.GetValue<string>(), token: null, cancellationToken).ConfigureAwait(false);
            if (await directory.FindAsync(providerId, cancellationToken).ConfigureAwait(false) is { } provider)
            {
                await unmet.RetryAsync(provider.ToProvider().Services, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
