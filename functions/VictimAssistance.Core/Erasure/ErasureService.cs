using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Erasure;

/// <summary>
/// Erases a case: its tombstone first (the erasure list), then one change of the case through the write path that
/// cancels its open referrals (their providers are told, as when a case is closed) and keeps only the categories its
/// statistics count, then every copy of its data elsewhere (<see cref="ErasedCopies"/>). Every step is idempotent,
/// so an erasure that failed half-way, or a tombstone re-applied after a restore, is finished by running it again.
/// </summary>
public sealed class ErasureService(TombstoneStore tombstones, CaseStore store, CaseWriter writer, ErasedCopies copies, TimeProvider time)
{
    /// <summary>Long enough for a reference to a request or a policy; the tombstone is no place for a story.</summary>
    public const int MaxReasonLength = 500;

    public async Task<Outcome<CaseTombstone>> EraseAsync(Caller caller, string caseId, EraseCaseRequest request, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin || !CaseIds.IsWellFormed(caseId))
        {
            return Problem.NotFound("case");
        }

        var errors = new ValidationErrors();
        errors.RequiredText("reason", string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason, MaxReasonLength);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var tombstone = await tombstones.FindAsync(caseId, cancellationToken).ConfigureAwait(false);
        if (tombstone is null)
        {
            if (await store.LoadHeadAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } head)
            {
                return Problem.NotFound("case");
            }

            tombstone = await tombstones.AddAsync(
                new TombstoneEntity { RowKey = caseId, Organization = head.Organization, ErasedAt = time.GetUtcNow(), ErasedBy = caller.Subject, Reason = request.Reason!.Trim() },
                cancellationToken).ConfigureAwait(false);
        }

        var applied = await ApplyAsync(tombstone, caller, cancellationToken).ConfigureAwait(false);
        return applied ?? (Outcome<CaseTombstone>)tombstone.ToTombstone();
    }

    /// <summary>Erases again every case of the erasure list (after a restore from a backup older than some of them); how many.</summary>
    public async Task<int> ReapplyAllAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var tombstone in tombstones.AllAsync(cancellationToken).ConfigureAwait(false))
        {
            await ApplyAsync(tombstone, Caller.System("erasure"), cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>Erases the case of a tombstone if it is not erased yet, then its copies; a problem only when the write path refused.</summary>
    public async Task<Problem?> ApplyAsync(TombstoneEntity tombstone, Caller actor, CancellationToken cancellationToken)
    {
        var erase = new CaseWrite(tombstone.RowKey, actor, change =>
        {
            if (change.Before!.IsErased && change.OpenReferrals() == 0)
            {
                return null;
            }

            change.CancelOpenReferrals(CancelReferralsWhenCaseEnds.CaseErased);
            foreach (var noted in change.RowsOf<ReferralEntity>().Where(referral => referral.Notes is not null).ToList())
            {
                // In the change, so the handlers that copy referrals (the providers' lists) never read the notes again.
                change.EditReferral(noted.ReferralId)!.Notes = null;
            }

            change.Erase(ErasedDetails.Of(change.Details, change.Head.CreatedAt), tombstone.ErasedAt, tombstone.ErasedBy, tombstone.Reason);
            change.AddEvent(ErasureEvents.Erased, new CaseErased());
            return null;
        })
        { AllowClosed = true };
        var outcome = await writer.ChangeAsync(erase, cancellationToken).ConfigureAwait(false);
        if (outcome.Problem is { Kind: ProblemKind.NotFound })
        {
            // Not in the data (a restore without it): nothing to erase.
            return null;
        }

        if (outcome.Problem is not null)
        {
            return outcome.Problem;
        }

        await copies.EraseAsync(tombstone.RowKey, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
