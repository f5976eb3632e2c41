using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>Registration, reading, merge-patching and closing of cases, and their referrals and history.</summary>
public sealed partial class CaseService(CaseStore store, CaseList list, TimeProvider time, ILogger<CaseService> logger)
{
    public const int MaxOpenReferrals = 40;
    private const int MaxIdempotencyKeyLength = 100;
    private const int MaxConflictRetries = 3;

    private static readonly HashSet<string> PatchableProperties = new(StringComparer.Ordinal) { "survivor", "incident", "legalBasis", "consent" };

    public async Task<Outcome<Registration>> RegisterAsync(Caller caller, CaseDetails details, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && !IsValidIdempotencyKey(idempotencyKey))
        {
            return Problem.Invalid("Idempotency-Key", $"must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters.");
        }

        var errors = CaseValidator.Validate(details, CaseValidator.LatestLocalDate(time));
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var organization = caller.Organization ?? throw new InvalidOperationException("A caseworker always has an organisation.");
        var normalized = details with { Needs = (details.Needs ?? []).Select(need => need with { Urgency = need.Urgency ?? "routine" }).ToList() };
        var requestHash = Hash(normalized);
        var caseId = idempotencyKey is null ? Guid.NewGuid().ToString("N") : DerivedCaseId(organization, idempotencyKey);
        var change = CaseChange.Create(
            new CaseHeadEntity
            {
                PartitionKey = caseId,
                Organization = organization,
                Status = CaseStatuses.Open,
                CreatedBy = caller.Subject,
                RequestHash = requestHash,
                Details = JsonSerializer.Serialize(normalized, CaseJson.Default.CaseDetails),
            },
            caller,
            time.GetUtcNow());
        change.AddEvent(CaseEventTypes.Registered, new JsonObject { ["victimType"] = normalized.VictimType, ["needs"] = normalized.Needs!.Count });
        if (normalized.Consent?.Referral == true)
        {
            foreach (var need in normalized.Needs!)
            {
                change.RequestReferral(need.ServiceType!, need.Urgency!, need.Notes);
            }
        }

        if (await store.CommitAsync(change, cancellationToken).ConfigureAwait(false))
        {
            var registered = change.ToRecord();
            LogRegistered(logger, caseId, registered.Referrals.Count);
            return new Registration(registered.ToView(), Created: true);
        }

        // The head exists: with a derived id that is a replay of the same key in the same organisation.
        var existing = await store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false);
        if (existing is null || existing.Head.Organization != organization || existing.Head.RequestHash != requestHash)
        {
            return new Problem(ProblemKind.Unprocessable, "Idempotency-Key reused", "This Idempotency-Key was already used with a different request body.");
        }

        return new Registration(existing.ToView(), Created: false);
    }

    public async Task<Outcome<CaseView>> GetAsync(Caller caller, string caseId, CancellationToken cancellationToken) =>
        await LoadVisibleAsync(caller, caseId, cancellationToken).ConfigureAwait(false) is { } record
            ? record.ToView()
            : Problem.NotFound("case");

    public async Task<Outcome<CaseHistory>> GetHistoryAsync(Caller caller, string caseId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(caseId) || await store.LoadHeadAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } head || !CanSee(caller, head))
        {
            return Problem.NotFound("case");
        }

        var events = await store.LoadEventsAsync(caseId, cancellationToken).ConfigureAwait(false);
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

    public Task<Outcome<CaseSummaryPage>> ListAsync(Caller caller, CaseListQuery query, CancellationToken cancellationToken)
    {
        if (caller.IsAdmin)
        {
            return query.Organization is null
                ? Task.FromResult<Outcome<CaseSummaryPage>>(Problem.Invalid("organization", "is required for admin: lists are per organisation."))
                : list.ListAsync(query.Organization, query, cancellationToken);
        }

        return query.Organization is not null && query.Organization != caller.Organization
            ? Task.FromResult<Outcome<CaseSummaryPage>>(Problem.Invalid("organization", "may only name your own organisation."))
            : list.ListAsync(caller.Organization!, query, cancellationToken);
    }

    public async Task<Outcome<CaseView>> PatchAsync(Caller caller, string caseId, string? ifMatch, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!CaseETag.TryParse(ifMatch, out var expectedVersion))
        {
            return new Problem(ProblemKind.PreconditionRequired, "If-Match required", "Send If-Match with the ETag of the case you changed.");
        }

        var patch = ParsePatch(body);
        if (patch.Problem is not null)
        {
            return patch.Problem;
        }

        var record = await LoadVisibleAsync(caller, caseId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Problem.NotFound("case");
        }

        if (record.IsClosed)
        {
            return ClosedConflict();
        }

        if (record.Head.Version != expectedVersion)
        {
            return StalePrecondition();
        }

        var before = JsonSerializer.SerializeToNode(record.Details, CaseJson.Default.CaseDetails)!.AsObject();
        var merged = MergePatch.Apply(before.DeepClone(), patch.Value);
        var parsed = StrictJson.Deserialize(Encoding.UTF8.GetBytes(merged!.ToJsonString()), CaseJson.Default.CaseDetails);
        if (parsed.Problem is not null)
        {
            return parsed.Problem;
        }

        var details = parsed.Value!;
        var errors = CaseValidator.Validate(details, CaseValidator.LatestLocalDate(time));
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var changed = MergePatch.ChangedPaths(before, JsonSerializer.SerializeToNode(details, CaseJson.Default.CaseDetails)!.AsObject());
        if (changed.Count == 0)
        {
            return record.ToView();
        }

        var withdrawn = record.Details.Consent?.Referral == true && details.Consent?.Referral != true;
        var change = CaseChange.Update(record, caller, time.GetUtcNow());
        change.Head.Details = JsonSerializer.Serialize(details, CaseJson.Default.CaseDetails);
        change.AddEvent(CaseEventTypes.Updated, new JsonObject { ["changed"] = new JsonArray(changed.Select(path => (JsonNode?)path).ToArray()) });
        if (withdrawn)
        {
            change.CancelOpenReferrals("consent_withdrawn");
        }

        if (!await store.CommitAsync(change, cancellationToken).ConfigureAwait(false))
        {
            return StalePrecondition();
        }

        LogUpdated(logger, caseId, change.Head.Version);
        return change.ToRecord().ToView();
    }

    public async Task<Outcome<CaseView>> CloseAsync(Caller caller, string caseId, string? ifMatch, CloseCaseRequest request, CancellationToken cancellationToken)
    {
        var errors = CaseValidator.ValidateClose(request);
        int? expectedVersion = null;
        if (ifMatch is not null)
        {
            if (CaseETag.TryParse(ifMatch, out var version))
            {
                expectedVersion = version;
            }
            else
            {
                errors.Add("If-Match", "must be an ETag this API returned.");
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var outcome = await ChangeWithRetriesAsync(caller, caseId, expectedVersion, (record, change) =>
        {
            change.Head.Status = CaseStatuses.Closed;
            change.Head.ClosedAt = change.Now;
            change.Head.CloseReason = request.Reason;
            change.AddEvent(CaseEventTypes.Closed, []);
            change.CancelOpenReferrals("case_closed");
            return change.ToRecord();
        }, cancellationToken).ConfigureAwait(false);
        return outcome.Problem ?? (Outcome<CaseView>)outcome.Value!.ToView();
    }

    public async Task<Outcome<Referral>> RequestReferralAsync(Caller caller, string caseId, ReferralRequest request, CancellationToken cancellationToken)
    {
        var errors = CaseValidator.ValidateReferral(request);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        ReferralEntity? created = null;
        var outcome = await ChangeWithRetriesAsync(caller, caseId, expectedVersion: null, (record, change) =>
        {
            if (record.Details.Consent?.Referral != true)
            {
                return new Problem(ProblemKind.Unprocessable, "No referral consent", "The survivor has not consented to referral (consent.referral is false).");
            }

            if (record.OpenReferrals >= MaxOpenReferrals)
            {
                return new Problem(ProblemKind.Unprocessable, "Too many open referrals", $"A case may have at most {MaxOpenReferrals} open referrals.");
            }

            created = change.RequestReferral(request.ServiceType!, request.Urgency ?? "routine", request.Notes);
            return change.ToRecord();
        }, cancellationToken).ConfigureAwait(false);
        return outcome.Problem ?? (Outcome<Referral>)created!.ToReferral();
    }

    private static Problem ClosedConflict() => new(ProblemKind.Conflict, "Case closed", "A closed case cannot be changed.");

    private static Problem StalePrecondition() =>
        new(ProblemKind.PreconditionFailed, "Precondition failed", "The case changed since you read it: read it again and reapply your change.");

    private static bool CanSee(Caller caller, CaseHeadEntity head) => caller.IsAdmin || head.Organization == caller.Organization;

    // Ids are 32 lowercase hex characters; anything else cannot exist and must not reach a storage filter.
    private static bool IsWellFormedId(string caseId) => caseId.Length == 32 && caseId.All(char.IsAsciiHexDigitLower);

    private static bool IsValidIdempotencyKey(string key) =>
        key.Length is >= 1 and <= MaxIdempotencyKeyLength && key.All(character => character is >= ' ' and <= '~');

    /// <summary>The same key from the same organisation always names the same case, so a replay collides on insert.</summary>
    private static string DerivedCaseId(string organization, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{organization}\n{idempotencyKey}")).AsSpan(0, 16));

    private static string Hash(CaseDetails details) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(details, CaseJson.Default.CaseDetails)));

    private static Outcome<JsonObject> ParsePatch(ReadOnlyMemory<byte> body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body.Span);
        }
        catch (JsonException exception)
        {
            return Problem.Invalid(StrictJson.FieldPath(exception.Path), "is not valid JSON.");
        }

        if (node is not JsonObject patch)
        {
            return Problem.Invalid("$", "a JSON merge patch object is required.");
        }

        var errors = new ValidationErrors();
        foreach (var (name, _) in patch)
        {
            if (!PatchableProperties.Contains(name))
            {
                errors.Add(name, "cannot be changed with PATCH (only survivor, incident, legalBasis and consent).");
            }
        }

        return errors.IsEmpty ? patch : errors.ToProblem();
    }

    private async Task<CaseRecord?> LoadVisibleAsync(Caller caller, string caseId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(caseId))
        {
            return null;
        }

        var record = await store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false);
        return record is not null && CanSee(caller, record.Head) ? record : null;
    }

    /// <summary>
    /// Read, change, commit; when a concurrent writer (the router, another caseworker) got there first and the
    /// caller did not pin a version, read again and reapply, a few times.
    /// </summary>
    private async Task<Outcome<CaseRecord>> ChangeWithRetriesAsync(
        Caller caller,
        string caseId,
        int? expectedVersion,
        Func<CaseRecord, CaseChange, Outcome<CaseRecord>> apply,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var record = await LoadVisibleAsync(caller, caseId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return Problem.NotFound("case");
            }

            if (record.IsClosed)
            {
                return ClosedConflict();
            }

            if (expectedVersion is { } version && record.Head.Version != version)
            {
                return StalePrecondition();
            }

            var change = CaseChange.Update(record, caller, time.GetUtcNow());
            var applied = apply(record, change);
            if (applied.Problem is not null)
            {
                return applied.Problem;
            }

            if (await store.CommitAsync(change, cancellationToken).ConfigureAwait(false))
            {
                LogUpdated(logger, caseId, change.Head.Version);
                return applied;
            }

            if (expectedVersion is not null || attempt == MaxConflictRetries)
            {
                return StalePrecondition();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} registered with {ReferralCount} referrals.")]
    private static partial void LogRegistered(ILogger logger, string caseId, int referralCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} changed to version {Version}.")]
    private static partial void LogUpdated(ILogger logger, string caseId, int version);
}
