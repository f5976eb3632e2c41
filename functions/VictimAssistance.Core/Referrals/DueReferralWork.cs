using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Makes one change to each due referral of a <see cref="DueReferralIndex"/>, in its case's transaction, and removes
/// its row. The edit itself decides, from the case as it is, whether there is anything left to do. A case that stays
/// busy past the conflict policy's deadline keeps its row, and the next run tries again.
/// </summary>
public sealed partial class DueReferralWork(CaseWriter writer, ILogger<DueReferralWork> logger)
{
    /// <summary>Returns how many referrals the edit changed.</summary>
    public async Task<int> ChangeEachAsync(DueReferralIndex index, DateTimeOffset dueBy, Caller actor, Action<CaseChange, string> edit, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var due in await index.DueAsync(dueBy, cancellationToken).ConfigureAwait(false))
        {
            var edited = false;
            try
            {
                var outcome = await writer.ChangeAsync(
                    new CaseWrite(due.CaseId, actor, change =>
                    {
                        edit(change, due.ReferralId);
                        edited = change.HasEvents;
                        return null;
                    }) { AllowClosed = true },
                    cancellationToken).ConfigureAwait(false);
                changed += outcome.Problem is null && edited ? 1 : 0;
            }
            catch (ConcurrentChangesException)
            {
                LogBusy(logger, due.CaseId, due.ReferralId);
                continue;
            }

            await index.RemoveAsync(due, cancellationToken).ConfigureAwait(false);
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Referral {ReferralId} of case {CaseId}: the case stayed busy; the next run tries again.")]
    private static partial void LogBusy(ILogger logger, string caseId, string referralId);
}
