using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;
using VictimAssistance.Core.Locations;

namespace VictimAssistance.Core.Intake;

/// <summary>What became of a submission: the case it registered or changed, or the hold that keeps it for correction.</summary>
public sealed record TakenIn(Registration? Registration, string? HoldId);

/// <summary>
/// Takes in KoboToolbox submissions as cases of the key's organisation, through the same validation, write path
/// and routing as POST /api/cases. The case id is derived from the submission, so a redelivery, or two deliveries
/// racing, meet on the same case; an edited submission changes the case its original made, and each version leaves
/// a marker on the case, so a version that a later edit replaced changes nothing when it arrives last. A submission
/// that cannot become a case is held, never refused: KoboToolbox does not send a refused submission again.
/// </summary>
public sealed class IntakeService(IntakeKeys keys, CaseService cases, CaseStore store, HeldSubmissionStore held, Gazetteer gazetteer, TimeProvider time)
{
    public const string ActorSubject = "system:kobo-intake";

    /// <summary>The organisation of the presented <c>X-Intake-Key</c>, or null (401, without saying why).</summary>
    public string? OrganizationOf(string? intakeKey) => keys.OrganizationOf(intakeKey);

    /// <summary>Registers or applies the submission, or holds it; only a body that is not a JSON object is refused.</summary>
    public async Task<Outcome<TakenIn>> TakeInAsync(string organization, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var parsed = StrictJson.ParseObject(body.Span);
        return parsed.Problem ?? await TakeInAsync(organization, parsed.Value!, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Outcome<TakenIn>> TakeInAsync(string organization, JsonObject submission, CancellationToken cancellationToken)
    {
        var read = KoboSubmissionReader.Read(submission, CaseValidator.LatestLocalDate(time), gazetteer);
        if (read.Problem is { Errors: { } faults })
        {
            if (await ErasedCaseOfAsync(organization, submission, cancellationToken).ConfigureAwait(false) is { } erased)
            {
                return ErasedCase.Gone(erased);
            }

            var holdId = HoldId(organization, submission);
            await held.HoldAsync(new HeldSubmission(organization, holdId, time.GetUtcNow(), KoboSubmissionReader.FormVersion(submission), faults, submission), cancellationToken).ConfigureAwait(false);
            return new TakenIn(null, holdId);
        }

        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var intake = new Caller(ActorSubject, Roles.System, new OrganizationScope(organization));
        var applied = await ApplyAsync(intake, read.Value!, cancellationToken).ConfigureAwait(false);
        return applied.Problem ?? (Outcome<TakenIn>)new TakenIn(applied.Value!, null);
    }

    /// <summary>Registers the submission's case, or applies an edit to it, as <paramref name="actor"/> of the case's organisation.</summary>
    public async Task<Outcome<Registration>> ApplyAsync(Caller actor, KoboSubmission submission, CancellationToken cancellationToken)
    {
        var organization = ((OrganizationScope)actor.Scope).Organization;
        var caseId = CaseIds.FromSubmission(organization, submission.CaseKey);
        var markers = new SubmissionMarkers(Marker(organization, submission.Uuid), submission.Replaces is { } replaced ? Marker(organization, replaced) : null);

        // Only with a change: an edit that changes nothing still writes nothing (and leaves no marker).
        void RecordSubmission(CaseChange change)
        {
            if (change.HasEvents)
            {
                change.AddEvent(IntakeEvents.KoboSubmission, new KoboSubmissionApplied(submission.Uuid, submission.FormVersion, submission.Ignored));
            }
        }

        if (!submission.IsEdit)
        {
            return await cases.RegisterSubmissionAsync(actor, caseId, submission.Details, markers, RecordSubmission, cancellationToken).ConfigureAwait(false);
        }

        // An edit that arrives before its original (or whose original never came) registers the case itself; the
        // original, when it comes, then meets that case.
        var edited = await cases.ReplaceSubmissionAsync(actor, caseId, submission.Details, markers, RecordSubmission, cancellationToken).ConfigureAwait(false);
        if (edited.Problem is { Kind: ProblemKind.NotFound })
        {
            var registered = await cases.RegisterSubmissionAsync(actor, caseId, submission.Details, markers, RecordSubmission, cancellationToken).ConfigureAwait(false);
            if (registered.Problem is not null || registered.Value!.Created)
            {
                return registered;
            }

            edited = await cases.ReplaceSubmissionAsync(actor, caseId, submission.Details, markers, RecordSubmission, cancellationToken).ConfigureAwait(false);
        }

        return edited.Problem ?? (Outcome<Registration>)new Registration(edited.Value!, Created: false);
    }

    /// <summary>The head of the erased case this submission belongs to (an edit of it, or it delivered again), if it was erased: nothing of it is kept.</summary>
    private async Task<CaseHeadEntity?> ErasedCaseOfAsync(string organization, JsonObject submission, CancellationToken cancellationToken) =>
        KoboSubmissionReader.CaseKey(submission) is { } key
        && await store.LoadHeadAsync(CaseIds.FromSubmission(organization, key), cancellationToken).ConfigureAwait(false) is { ErasedAt: not null } head
            ? head
            : null;

    /// <summary>
    /// The same submission delivered again (a retry, or the reconciliation) meets its hold: the id is derived from
    /// the organisation and the submission's uuid. A submission without one is held under a new id.
    /// </summary>
    private static string HoldId(string organization, JsonObject submission) =>
        KoboSubmissionReader.SubmissionUuid(submission) is { } uuid ? CaseIds.Derived(organization, $"kobo-held\n{uuid}") : CaseIds.New();

    /// <summary>A submission version's marker key: hashed like the case id, so any uuid makes a valid row key.</summary>
    private static string Marker(string organization, string submissionUuid) => "kobo-" + CaseIds.FromSubmission(organization, submissionUuid);
}
