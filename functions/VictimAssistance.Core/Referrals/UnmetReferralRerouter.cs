using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Consumes provider-changed: a provider was saved or freed a slot, so the unmet referrals that it could take now
/// (its services, its coverage and eligibility, as many as it has free slots) are routed again. Only those: a change
/// of one provider never re-routes every unmet referral, and a provider that is full or inactive re-routes none.
/// A storage fault sends the message again for later (<see cref="TransientFaultRequeue"/>).
/// </summary>
public sealed partial class UnmetReferralRerouter(
    ProviderDirectory directory,
    ProviderLoads loads,
    UnmetReferralIndex unmet,
    TransientFaultRequeue requeue,
    ILogger<UnmetReferralRerouter> logger)
{
    public Task RerouteAsync(string messageText, CancellationToken cancellationToken) =>
        requeue.RunAsync(QueueNames.ProviderChanged, messageText, () => RerouteAsync(Read(messageText), cancellationToken), cancellationToken);

    private async Task RerouteAsync(ProviderChangedMessage message, CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.StartProcessing(QueueNames.ProviderChanged, message.TraceParent);
        activity?.SetTag("va.provider_id", message.ProviderId);
        if (await directory.FindAsync(message.ProviderId, cancellationToken).ConfigureAwait(false) is not { } row)
        {
            return;
        }

        var provider = row.ToProvider();
        var held = (await loads.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Held;
        var holding = held.TryGetValue(provider.ProviderId, out var referrals) ? referrals.Count : 0;
        var free = provider.Active ? provider.Capacity - holding : 0;
        var routed = 0;
        foreach (var serviceType in provider.Services)
        {
            await foreach (var candidate in unmet.OfServiceAsync(serviceType, cancellationToken).ConfigureAwait(false))
            {
                if (routed >= free)
                {
                    break;
                }

                if (RoutingRule.IsEligible(candidate.Subject(), new RoutingCandidate(provider, holding + routed)))
                {
                    await unmet.RouteAgainAsync(candidate, cancellationToken).ConfigureAwait(false);
                    routed++;
                }
            }
        }

        LogRerouted(logger, message.ProviderId, routed);
    }

    private static ProviderChangedMessage Read(string messageText) =>
        QueueMessages.Read(messageText, ProviderMessageJson.Default.ProviderChangedMessage, QueueNames.ProviderChanged, message =>
            message.ProviderId is { } providerId && ProviderValidator.IsWellFormedId(providerId));

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {ProviderId} changed: {Routed} unmet referrals it could take are routed again.")]
    private static partial void LogRerouted(ILogger logger, string providerId, int routed);
}
