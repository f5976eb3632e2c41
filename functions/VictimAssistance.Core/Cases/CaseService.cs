using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Telemetry;
using VictimAssistance.Core.Validation;
using VictimAssistance.Core.Locations;

namespace VictimAssistance.Core.Cases;

/// <summary>Registration, reading, merge-patching and closing of cases, and their history. Every read is recorded in the access log.</summary>
public sealed class CaseService(CaseWriter writer, CaseStore store, CaseList list, Gazetteer gazetteer, AccessRecorder recorder, TimeProvider time)
{
    private const int MaxIdempotencyKeyLength = 100;

    private static readonly HashSet<string> PatchableProperties = new(StringComparer.Ordinal) { "survivor", "incident", "legalBasis", "consent" };

    public async Task<Outcome<Registration>> RegisterAsync(Caller caller, CaseDetails details, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (caller.Scope is not OrganizationScope { Organization: var organization })
        {
            return new Problem(ProblemKind.Forbidden, "Forbidden", "Only a caseworker of an organisation registers cases.");
        }

        if (idempotencyKey is not null && !IsValidIdempotencyKey(idempotencyKey))
        {
            return Problem.Invalid("Idempotency-Key", $"must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters.");
        }

        var errors = CaseValidator.Validate(details, CaseValidator.LatestLocalDate(time), gazetteer);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var normalized = Normalized(details);
        var requestHash = Hash(normalized);
        var caseId = idempotencyKey is null ? CaseIds.New() : CaseIds.Derived(organization, idempotencyKey);
        if (await CreateAsync(caller, organization, caseId, normalized, requestHash, addMarkers: null, cancellationToken).ConfigureAwait(false) is { } created)
        {
            return new Registration(created.ToView(), Created: true);
        }

        // The id is taken: with a derived id that is a replay of the same key in the same organisation.
        var existing = await store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Head.Organization == organization && existing.IsErased)
        {
            return ErasedCase.Gone(existing.Head);
        }

        if (existing is null || existing.Head.Organization != organization || existing.Head.RequestHash != requestHash)
        {
            return new Problem(ProblemKind.Unprocessable, "Idempotency-Key reused", "This Idempotency-Key was already used with a different request body.");
        }

        return new Registration(existing.ToView(), Created: false);
    }

    /// <summary>
    /// Form intake: registers a validated submission under the id derived from it. When the id is taken, the
    /// submission was taken in before (a redelivery, or a concurrent one), and the case it made is the answer.
    /// <paramref name="record"/> adds the intake's own history events to the change that registers the case.
    /// </summary>
    public async Task<Outcome<Registration>> RegisterSubmissionAsync(
        Caller caller, string caseId, CaseDetails details, SubmissionMarkers markers, Action<CaseChange> record, CancellationToken cancellationToken)
    {
        if (caller.Scope is not OrganizationScope { Organization: var organization })
        {
            return new Problem(ProblemKind.Forbidden, "Forbidden", "Submissions are registered for one organisation.");
        }

        var normalized = Normalized(details);
        if (await CreateAsync(caller, organization, caseId, normalized, Hash(normalized), change => { markers.AddTo(change); record(change); }, cancellationToken).ConfigureAwait(false) is { } created)
        {
            return new Registration(created.ToView(), Created: true);
        }

        var existing = await LoadVisibleAsync(caller, caseId, cancellationToken).ConfigureAwait(false);
        return existing switch
        {
            null => Problem.NotFound("case"),
            { IsErased: true } => ErasedCase.Gone(existing.Head),
            _ => new Registration(existing.ToView(), Created: false),
        };
    }

    /// <summary>
    /// Form intake of an edited submission: its survivor, incident, legal basis and consent replace the case's
    /// (as a merge patch of them would); needs stay as registered. No difference, no change: a redelivery is harmless.
    /// A submission already applied, or replaced by a later edit applied first, changes nothing.
    /// <paramref name="record"/> adds the intake's own history events to the change that applies it.
    /// </summary>
    public async Task<Outcome<CaseView>> ReplaceSubmissionAsync(
        Caller caller, string caseId, CaseDetails details, SubmissionMarkers markers, Action<CaseChange> record, CancellationToken cancellationToken)
    {
        var write = new CaseWrite(caseId, caller, change =>
        {
            markers.AddTo(change);
            var problem = Replace(change, details with { Needs = change.Details.Needs });
            record(change);
            return problem;
        })
        { OnceKey = markers.Own };
        var outcome = await writer.ChangeAsync(write, cancellationToken).ConfigureAwait(false);
        return outcome.Problem ?? (Outcome<CaseView>)outcome.Value!.ToView();
    }

    public async Task<Outcome<CaseView>> GetAsync(Caller caller, string caseId, CancellationToken cancellationToken)
    {
        if (await LoadVisibleAsync(caller, caseId, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return Problem.NotFound("case");
        }

        if (record.IsErased)
        {
            return ErasedCase.Gone(record.Head);
        }

        await recorder.RecordAsync(caller, AccessRoutes.Case, caseId, referralId: null, cancellationToken).ConfigureAwait(false);
        return record.ToView();
    }

    public async Task<Outcome<CaseHistory>> GetHistoryAsync(Caller caller, string caseId, CancellationToken cancellationToken)
    {
        if (!CaseIds.IsWellFormed(caseId)
            || await store.LoadHeadAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } head
            || !AccessPolicy.MayAccessCase(caller, head.Organization))
        {
            return Problem.NotFound("case");
        }

        if (head.ErasedAt is not null)
        {
            return ErasedCase.Gone(head);
        }

        var events = await store.LoadEventsAsync(caseId, cancellationToken).ConfigureAwait(false);
        await recorder.RecordAsync(caller, AccessRoutes.CaseHistory, caseId, referralId: null, cancellationToken).ConfigureAwait(false);
        return new CaseHistory(events
            .OrderBy(entity => entity.Sequence)
            .Select(entity => new CaseEvent(
                entity.Sequence,
                entity.Type,
                entity.OccurredAt,
                new EventActor(entity.ActorSub, entity.ActorRole),
                JsonNode.Parse(entity.Data)!.AsObject()))
            .ToList());
    }

    public async Task<Outcome<CaseSummaryPage>> ListAsync(Caller caller, CaseListQuery query, CancellationToken cancellationToken)
    {
        var organization = AccessPolicy.CaseListOrganization(caller, query.Organization);
        if (organization.Problem is not null)
        {
            return organization.Problem;
        }

        var page = await list.ListAsync(organization.Value!, query, cancellationToken).ConfigureAwait(false);
        if (page.Value is { } listed)
        {
            await recorder.RecordAsync(caller, AccessRoutes.CaseList, listed.Items.Select(item => new AccessedRecord(item.CaseId, ReferralId: null)).ToList(), cancellationToken).ConfigureAwait(false);
        }

        return page;
    }

    public async Task<Outcome<CaseView>> PatchAsync(Caller caller, string caseId, string? ifMatch, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var pinned = CaseETag.ParseIfMatch(ifMatch);
        if (pinned.Problem is not null)
        {
            return pinned.Problem;
        }

        if (pinned.Value is null)
        {
            return new Problem(ProblemKind.PreconditionRequired, "If-Match required", "Send If-Match with the ETag of the case you changed.");
        }

        var patch = ParsePatch(body);
        if (patch.Problem is not null)
        {
            return patch.Problem;
        }

        var outcome = await writer.ChangeAsync(
            new CaseWrite(caseId, caller, change => ApplyPatch(change, patch.Value!)) { IfMatch = pinned.Value },
            cancellationToken).ConfigureAwait(false);
        return outcome.Problem ?? (Outcome<CaseView>)outcome.Value!.ToView();
    }

    public async Task<Outcome<CaseView>> CloseAsync(Caller caller, string caseId, string? ifMatch, CloseCaseRequest request, CancellationToken cancellationToken)
    {
        var pinned = CaseETag.ParseIfMatch(ifMatch);
        var errors = CaseValidator.ValidateClose(request);
        if (pinned.Problem is not null || !errors.IsEmpty)
        {
            return pinned.Problem ?? errors.ToProblem();
        }

        var outcome = await writer.ChangeAsync(
            new CaseWrite(caseId, caller, change =>
            {
                change.Close(request.Reason!);
                return null;
            }) { IfMatch = pinned.Value },
            cancellationToken).ConfigureAwait(false);
        return outcome.Problem ?? (Outcome<CaseView>)outcome.Value!.ToView();
    }

    private Problem? ApplyPatch(CaseChange change, JsonObject patch)
    {
        var before = JsonSerializer.SerializeToNode(change.Details, CaseJson.Api.CaseDetails)!.AsObject();
        var merged = MergePatch.Apply(before.DeepClone(), patch);
        var parsed = StrictJson.Deserialize(Encoding.UTF8.GetBytes(merged!.ToJsonString()), CaseJson.Api.CaseDetails);
        if (parsed.Problem is not null)
        {
            return parsed.Problem;
        }

        var details = parsed.Value!;
        var errors = CaseValidator.Validate(details, CaseValidator.LatestLocalDate(time), gazetteer);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return Replace(change, details);
    }

    private static Problem? Replace(CaseChange change, CaseDetails details)
    {
        var before = JsonSerializer.SerializeToNode(change.Details, CaseJson.Api.CaseDetails)!.AsObject();
        var changed = MergePatch.ChangedPaths(before, JsonSerializer.SerializeToNode(details, CaseJson.Api.CaseDetails)!.AsObject());
        if (changed.Count == 0)
        {
            return null;
        }

        change.ReplaceDetails(details);
        change.AddEvent(CaseEvents.Updated, new CaseUpdated(changed));
        return null;
    }

    /// <summary>The new case, committed; null when its id is taken.</summary>
    private async Task<CaseRecord?> CreateAsync(Caller caller, string organization, string caseId, CaseDetails normalized, string requestHash, Action<CaseChange>? addMarkers, CancellationToken cancellationToken)
    {
        var change = CaseChange.Create(
            new CaseHeadEntity { PartitionKey = caseId, Organization = organization, Status = CaseStatuses.Open, CreatedBy = caller.Subject, RequestHash = requestHash },
            normalized,
            caller,
            time.GetUtcNow());
        change.AddEvent(CaseEvents.Registered, new CaseRegistered(normalized.VictimType, normalized.Needs!.Count));
        addMarkers?.Invoke(change);
        if (await writer.CreateAsync(change, cancellationToken).ConfigureAwait(false) != CreateResult.Created)
        {
            return null;
        }

        AppTelemetry.CasesRegistered.Add(1);
        return change.ToRecord();
    }

    private static CaseDetails Normalized(CaseDetails details) =>
        details with { Needs = (details.Needs ?? []).Select(need => need with { Urgency = need.Urgency ?? "routine" }).ToList() };

    private static bool IsValidIdempotencyKey(string key) =>
        key.Length is >= 1 and <= MaxIdempotencyKeyLength && key.All(character => character is >= ' ' and <= '~');

    private static string Hash(CaseDetails details) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(details, CaseJson.Api.CaseDetails)));

    private static Outcome<JsonObject> ParsePatch(ReadOnlyMemory<byte> body)
    {
        var parsed = StrictJson.ParseObject(body.Span);
        if (parsed.Problem is not null)
        {
            return parsed.Problem;
        }

        var errors = new ValidationErrors();
        foreach (var (name, _) in parsed.Value!)
        {
            if (!PatchableProperties.Contains(name))
            {
                errors.Add(name, "cannot be changed with PATCH (only survivor, incident, legalBasis and consent).");
            }
        }

        return errors.IsEmpty ? parsed : errors.ToProblem();
    }

    private async Task<CaseRecord?> LoadVisibleAsync(Caller caller, string caseId, CancellationToken cancellationToken)
    {
        if (!CaseIds.IsWellFormed(caseId))
        {
            return null;
        }

        var record = await store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false);
        return record is not null && AccessPolicy.MayAccessCase(caller, record.Head.Organization) ? record : null;
    }
}
