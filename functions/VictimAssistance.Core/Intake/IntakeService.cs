using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Intake;

/// <summary>
/// Takes in KoboToolbox submissions as cases of the key's organisation, through the same validation, write path
/// and routing as POST /api/cases. The case id is derived from the submission, so a redelivery, or two deliveries
/// racing, meet on the same case; an edited submission changes the case its original made, and each version leaves
/// a marker on the case, so a version that a later edit replaced changes nothing when it arrives last.
/// </summary>
public sealed class IntakeService(IntakeKeys keys, CaseService cases, TimeProvider time)
{
    public const string ActorSubject = "system:kobo-intake";

    /// <summary>The organisation of the presented <c>X-Intake-Key</c>, or null (401, without saying why).</summary>
    public string? OrganizationOf(string? intakeKey) => keys.OrganizationOf(intakeKey);

    public async Task<Outcome<Registration>> TakeInAsync(string organization, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var read = KoboSubmissionReader.Read(body.Span, CaseValidator.LatestLocalDate(time));
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var submission = read.Value!;
        var intake = new Caller(ActorSubject, Roles.System, new OrganizationScope(organization));
        var caseId = CaseIds.FromSubmission(organization, submission.CaseKey);
        var markers = new SubmissionMarkers(Marker(organization, submission.Uuid), submission.Replaces is { } replaced ? Marker(organization, replaced) : null);
        void RecordSubmission(CaseChange change) =>
            change.AddEvent(IntakeEvents.KoboSubmission, new KoboSubmissionApplied(submission.Uuid, submission.FormVersion, submission.Ignored));
        if (!submission.IsEdit)
        {
            return await cases.RegisterSubmissionAsync(intake, caseId, submission.Details, markers, RecordSubmission, cancellationToken).ConfigureAwait(false);
        }

        // An edit that arrives before its original (or whose original never came) registers the case itself; the
        // original, when it comes, then meets that case.
        var edited = await cases.ReplaceSubmissionAsync(intake, caseId, submission.Details, markers, RecordSubmission, cancellationToken).ConfigureAwait(false);
        if (edited.Problem is { Kind: ProblemKind.NotFound })
        {
            var registered = await cases.RegisterSubmissionAsync(intake, caseId, submission.Details, markers, RecordSubmission, cancellationToken).ConfigureAwait(false);
            if (registered.Problem is not null || registered.Value!.Created)
            {
                return registered;
            }

            edited = await cases.ReplaceSubmissionAsync(intake, caseId, submission.Details, markers, RecordSubmission, cancellationToken).ConfigureAwait(false);
        }

        return edited.Problem ?? (Outcome<Registration>)new Registration(edited.Value!, Created: false);
    }

    /// <summary>A submission version's marker key: hashed like the case id, so any uuid makes a valid row key.</summary>
    private static string Marker(string organization, string submissionUuid) => "kobo-" + CaseIds.FromSubmission(organization, submissionUuid);
}
