using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Frees the provider's slot when a referral it held is declined, expires, is cancelled or completed, and asks for
/// the unmet referrals it could now take to be routed again (provider-changed, handled by <see cref="UnmetReferralRerouter"/>).
/// </summary>
public sealed class ReleaseProviderCapacity(ProviderLoads loads, StorageClients storage) : ICaseFollowUpHandler
{
    public CaseHandlerStage Stage => CaseHandlerStage.Dispatch;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>
    {
        ReferralEvents.Declined.Name, ReferralEvents.Expired.Name, ReferralEvents.Cancelled.Name, ReferralEvents.Completed.Name,
    };

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var (referralId, providerId) in ReferralEvents.Releases(followUp))
        {
            // After any of these events the provider can never hold this referral again, so any reservation goes.
            await loads.ReleaseAsync(providerId, referralId, token: null, cancellationToken).ConfigureAwait(false);
            var message = new ProviderChangedMessage(providerId, AppTelemetry.CurrentTraceParent);
            await storage.SendAsync(QueueNames.ProviderChanged, message, ProviderMessageJson.Default.ProviderChangedMessage, visibilityDelay: null, cancellationToken).ConfigureAwait(false);
        }
    }
}
