using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;
using VictimAssistance.Core.Locations;

namespace VictimAssistance.Core.Intake;

/// <summary>
/// The held submissions of an organisation, for its caseworkers (and admins, naming the organisation): listed by
/// their faults, read for correction, released as a case with corrections, or discarded. Nothing of a held
/// submission is ever logged: ids and the discard reason (a vocabulary) only.
/// </summary>
public sealed partial class HeldSubmissionService(HeldSubmissionStore held, IntakeService intake, Gazetteer gazetteer, TimeProvider time, ILogger<HeldSubmissionService> logger)
{
    public async Task<Outcome<HeldSubmissionPage>> ListAsync(Caller caller, HeldListQuery query, CancellationToken cancellationToken)
    {
        var organization = AccessPolicy.CaseListOrganization(caller, query.Organization);
        var errors = new ValidationErrors();
        var limit = ListPages.ReadLimit(errors, query.Limit);
        var after = ListPages.ReadToken(errors, query.ContinuationToken, HoldIdShape());
        if (organization.Problem is not null || !errors.IsEmpty)
        {
            return organization.Problem ?? errors.ToProblem();
        }

        var (items, next) = await held.ListAsync(organization.Value!, limit, after, cancellationToken).ConfigureAwait(false);
        return new HeldSubmissionPage(items.Select(item => new HeldSubmissionSummary(item.HoldId, item.ReceivedAt, item.FormVersion, item.Faults)).ToList(), next);
    }

    public async Task<Outcome<HeldSubmissionView>> GetAsync(Caller caller, string? organization, string holdId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, organization, holdId, cancellationToken).ConfigureAwait(false);
        return found.Problem ?? (Outcome<HeldSubmissionView>)new HeldSubmissionView(
            found.Value!.HoldId, found.Value.ReceivedAt, found.Value.FormVersion, found.Value.Faults, FormAnswers(found.Value.Submission));
    }

    /// <summary>
    /// Applies the corrections (a merge patch of the form's fields, by Kobo name) and registers the case through the
    /// same path as the push, with the caller as the actor; or lists the faults that remain, changing nothing.
    /// </summary>
    public async Task<Outcome<Registration>> ReleaseAsync(Caller caller, string? organization, string holdId, ReadOnlyMemory<byte> corrections, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, organization, holdId, cancellationToken).ConfigureAwait(false);
        var patch = StrictJson.ParseObject(corrections.Span);
        if (found.Problem is not null || patch.Problem is not null)
        {
            return found.Problem ?? patch.Problem!;
        }

        var submission = Corrected(found.Value!, patch.Value!);
        var read = KoboSubmissionReader.Read(submission, CaseValidator.LatestLocalDate(time), gazetteer);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var actor = caller with { Scope = new OrganizationScope(found.Value!.Organization) };
        var registered = await intake.ApplyAsync(actor, read.Value!, cancellationToken).ConfigureAwait(false);
        if (registered.Problem is null)
        {
            await held.RemoveAsync(found.Value.Organization, holdId, cancellationToken).ConfigureAwait(false);
            LogReleased(logger, holdId, registered.Value!.Case.CaseId);
        }

        return registered;
    }

    public async Task<Outcome<DiscardHeldRequest>> DiscardAsync(Caller caller, string? organization, string holdId, DiscardHeldRequest request, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, organization, holdId, cancellationToken).ConfigureAwait(false);
        if (found.Problem is not null)
        {
            return found.Problem;
        }

        if (request.Reason is not { } reason || !DiscardReasons.All.Contains(reason))
        {
            return Problem.Invalid("reason", $"must be one of {string.Join(", ", DiscardReasons.All.Order(StringComparer.Ordinal))}.");
        }

        await held.RemoveAsync(found.Value!.Organization, holdId, cancellationToken).ConfigureAwait(false);
        LogDiscarded(logger, holdId, reason);
        return request;
    }

    private async Task<Outcome<HeldSubmission>> FindAsync(Caller caller, string? organization, string holdId, CancellationToken cancellationToken)
    {
        var scope = AccessPolicy.CaseListOrganization(caller, organization);
        if (scope.Problem is not null)
        {
            return scope.Problem;
        }

        return CaseIds.IsWellFormed(holdId) && await held.FindAsync(scope.Value!, holdId, cancellationToken).ConfigureAwait(false) is { } found
            ? found
            : Problem.NotFound("held submission");
    }

    /// <summary>The answers to the form's own fields: what a caseworker corrects (metadata and unmapped fields stay out).</summary>
    private static JsonObject FormAnswers(JsonObject submission) =>
        new(submission.Where(pair => KoboSubmissionReader.IsFormField(pair.Key)).Select(pair => KeyValuePair.Create(pair.Key, pair.Value?.DeepClone())));

    /// <summary>The submission as posted, its form answers merge-patched; without an identity of its own, the hold id becomes it.</summary>
    private static JsonObject Corrected(HeldSubmission held, JsonObject corrections)
    {
        var answers = MergePatch.Apply(FormAnswers(held.Submission), corrections)!.AsObject();
        var submission = new JsonObject(held.Submission
            .Where(pair => !KoboSubmissionReader.IsFormField(pair.Key))
            .Select(pair => KeyValuePair.Create(pair.Key, pair.Value?.DeepClone())));
        foreach (var (name, value) in answers)
        {
            submission[name] = value?.DeepClone();
        }

        if (KoboSubmissionReader.SubmissionUuid(submission) is null)
        {
            submission["_uuid"] = held.HoldId;
        }

        return submission;
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HoldIdShape();

    [LoggerMessage(Level = LogLevel.Information, Message = "Held submission {HoldId} released as case {CaseId}.")]
    private static partial void LogReleased(ILogger logger, string holdId, string caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Held submission {HoldId} discarded ({Reason}).")]
    private static partial void LogDiscarded(ILogger logger, string holdId, string reason);
}
