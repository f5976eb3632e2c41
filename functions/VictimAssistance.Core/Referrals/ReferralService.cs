using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// What caseworkers ask of referrals (request one for a case), and what providers (and admins) do with them: list,
/// read the minimum data, accept, decline, complete. Every read is recorded in the access log of the cases it shows.
/// </summary>
public sealed class ReferralService(ReferralCaseLookup lookup, CaseStore store, CaseWriter writer, ProviderReferralIndex index, ProviderAccess access, AccessRecorder recorder, TimeProvider time)
{
    public async Task<Outcome<Referral>> RequestAsync(Caller caller, string caseId, ReferralRequest request, CancellationToken cancellationToken)
    {
        var errors = CaseValidator.ValidateNeed(request.ServiceType, request.Urgency, request.Notes);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        ReferralEntity? created = null;
        var outcome = await writer.ChangeAsync(
            new CaseWrite(caseId, caller, change =>
            {
                if (change.Details.Consent?.Referral != true)
                {
                    return new Problem(ProblemKind.Unprocessable, "No referral consent", "The survivor has not consented to referral (consent.referral is false).");
                }

                if (change.OpenReferrals() >= CaseReferrals.MaxOpen)
                {
                    return new Problem(ProblemKind.Unprocessable, "Too many open referrals", $"A case may have at most {CaseReferrals.MaxOpen} open referrals.");
                }

                created = change.RequestReferral(request.ServiceType!, request.Urgency ?? "routine", request.Notes);
                return null;
            }),
            cancellationToken).ConfigureAwait(false);
        return outcome.Problem ?? (Outcome<Referral>)created!.ToReferral();
    }

    public async Task<Outcome<ReferralPage>> ListAsync(Caller caller, ReferralListQuery query, CancellationToken cancellationToken)
    {
        var provider = AccessPolicy.ReferralListProvider(caller, query.ProviderId);
        if (provider.Problem is not null)
        {
            return provider.Problem;
        }

        var errors = new ValidationErrors();
        if (!ProviderValidator.IsWellFormedId(provider.Value!))
        {
            errors.Add("providerId", "must be 3 to 64 characters of a-z, 0-9 and '-'.");
        }

        errors.OneOf("status", query.Status, ReferralStatuses.All);
        var limit = ListPages.ReadLimit(errors, query.Limit);
        var after = ListPages.ReadToken(errors, query.ContinuationToken, ProviderReferralIndex.RowKeyPattern());
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (page, read) = await index.ListAsync(provider.Value!, query.Status, access.EndedForCompletedBy, limit, after, cancellationToken).ConfigureAwait(false);
        await recorder.RecordAsync(caller, AccessRoutes.ReferralList, read, cancellationToken).ConfigureAwait(false);
        return page;
    }

    public async Task<Outcome<ReferralDetails>> GetAsync(Caller caller, string referralId, CancellationToken cancellationToken)
    {
        if (await lookup.FindCaseAsync(referralId, cancellationToken).ConfigureAwait(false) is not { } caseId
            || await store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false) is not { IsErased: false } record
            || record.ReferralRow(referralId) is not { } referral
            || !AccessPolicy.MayAccessReferral(caller, access.ReaderOf(referral)))
        {
            return Problem.NotFound("referral");
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

        // No provider may read it now (or it was written before snapshots): only a caller who may read the case sees it, from the case.
        var view = referral.ProviderSnapshot is { } snapshot ? ReferralSnapshot.Read(snapshot)
            : AccessPolicy.MayAccessCase(caller, record.Head.Organization) ? ReferralSnapshot.Of(record.Details, record.Head.CreatedAt, referral.ServiceType, today)
            : null;
        if (view is null)
        {
            return Problem.NotFound("referral");
        }

        await recorder.RecordAsync(caller, AccessRoutes.Referral, caseId, referralId, cancellationToken).ConfigureAwait(false);
        return ReferralDetails.Of(referral, view);
    }

    public Task<Outcome<Referral>> AcceptAsync(Caller caller, string referralId, CancellationToken cancellationToken) =>
        TransitionAsync(caller, referralId, ReferralTransitions.Accept, cancellationToken);

    public Task<Outcome<Referral>> DeclineAsync(Caller caller, string referralId, DeclineReferralRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.RequiredText("reason", request.Reason, CaseValidator.MaxReasonLength);
        return errors.IsEmpty
            ? TransitionAsync(caller, referralId, (change, referral) => ReferralTransitions.Decline(change, referral, request.Reason!), cancellationToken)
            : Task.FromResult<Outcome<Referral>>(errors.ToProblem());
    }

    public Task<Outcome<Referral>> CompleteAsync(Caller caller, string referralId, CompleteReferralRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.RequiredOneOf("outcome", request.Outcome, ReferralTransitions.Outcomes);
        if (request.Notes is not null && request.Notes.Length > CaseValidator.MaxNotesLength)
        {
            errors.Add("notes", $"must be at most {CaseValidator.MaxNotesLength} characters.");
        }

        return errors.IsEmpty
            ? TransitionAsync(caller, referralId, (change, referral) => ReferralTransitions.Complete(change, referral, request.Outcome!, request.Notes), cancellationToken)
            : Task.FromResult<Outcome<Referral>>(errors.ToProblem());
    }

    /// <summary>One transition through the case write path; a referral the caller does not hold is 404, like a missing one.</summary>
    private async Task<Outcome<Referral>> TransitionAsync(
        Caller caller, string referralId, Func<CaseChange, ReferralEntity, Problem?> transition, CancellationToken cancellationToken)
    {
        if (await lookup.FindCaseAsync(referralId, cancellationToken).ConfigureAwait(false) is not { } caseId)
        {
            return Problem.NotFound("referral");
        }

        ReferralEntity? changed = null;
        var outcome = await writer.ChangeAsync(
            new CaseWrite(caseId, caller, change =>
            {
                changed = change.EditReferral(referralId);
                return changed is null ? Problem.NotFound("referral") : transition(change, changed);
            })
            { ReferralId = referralId },
            cancellationToken).ConfigureAwait(false);
        return outcome.Problem switch
        {
            { Kind: ProblemKind.NotFound } => Problem.NotFound("referral"),
            { } problem => problem,
            null => changed!.ToReferral(),
        };
    }
}
