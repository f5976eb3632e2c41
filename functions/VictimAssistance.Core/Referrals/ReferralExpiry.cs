using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Expires offers past their respondBy: each becomes <c>referral.expired</c>, its provider excluded, and is routed
/// again from the outbox. Reads only the due rows of the open-offer index; the time is the TimeProvider's, never
/// the timer's schedule, so a late, missed or repeated run does the same thing. A case that stays busy past the
/// conflict policy's deadline keeps its row in the index, and the next run expires it.
/// </summary>
public sealed partial class ReferralExpiry(OpenOfferIndex offers, CaseWriter writer, TimeProvider time, ILogger<ReferralExpiry> logger)
{
    private static readonly Caller Expiry = Caller.System("expiry");

    public async Task ExpireDueAsync(CancellationToken cancellationToken)
    {
        foreach (var due in await offers.DueAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            var expired = false;
            Outcome<CaseRecord> outcome;
            try
            {
                outcome = await writer.ChangeAsync(
                    new CaseWrite(due.CaseId, Expiry, change =>
                    {
                        var problem = ReferralTransitions.Expire(change, due.ReferralId);
                        expired = problem is null && change.HasEvents;
                        return problem;
                    }) { AllowClosed = true },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrentChangesException)
            {
                LogBusy(logger, due.CaseId, due.ReferralId);
                continue;
            }

            if (outcome.Problem is null && expired)
            {
                AppTelemetry.ReferralsExpired.Add(1);
            }

            await offers.RemoveAsync(due, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offer of referral {ReferralId} of case {CaseId}: the case stayed busy; the next run expires it.")]
    private static partial void LogBusy(ILogger logger, string caseId, string referralId);
}
