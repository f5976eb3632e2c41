using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Cases;

/// <summary>What a caseworker registers: the body of POST /api/cases. Every property is optional to the reader so
/// that the validator can name each missing field.</summary>
public sealed record CaseDetails(
    string? VictimType,
    SurvivorDetails? Survivor,
    IncidentDetails? Incident,
    string? LegalBasis,
    ConsentDetails? Consent,
    IReadOnlyList<NeedDetails>? Needs);

public sealed record SurvivorDetails(
    string? GivenName,
    string? FamilyName,
    string? Sex,
    DateOnly? DateOfBirth,
    int? EstimatedAge,
    string? Phone,
    string? PreferredLanguage,
    LocationDetails? Location,
    FunctioningDetails? Functioning);

public sealed record LocationDetails(string? Admin1, string? Admin2, string? Community);

/// <summary>Washington Group Short Set: 1 no difficulty … 4 cannot do at all.</summary>
public sealed record FunctioningDetails(int? Seeing, int? Hearing, int? Walking, int? Cognition, int? SelfCare, int? Communication);

public sealed record IncidentDetails(
    DateOnly? Date,
    string? DeviceType,
    string? CivilianStatus,
    string? Activity,
    IReadOnlyList<string>? Injuries,
    LocationDetails? Location);

public sealed record ConsentDetails(bool? Referral, string? GivenBy);

public sealed record NeedDetails(string? ServiceType, string? Urgency, string? Notes);

public sealed record CloseCaseRequest(string? Reason);

public sealed record Referral(
    string ReferralId,
    string ServiceType,
    string Urgency,
    string? Notes,
    string Status,
    string? ProviderId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RespondBy);

/// <summary>A case as the API returns it.</summary>
public sealed record CaseView(
    string CaseId,
    string Organization,
    string Status,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy,
    DateTimeOffset? ClosedAt,
    string? CloseReason,
    string? VictimType,
    SurvivorDetails? Survivor,
    IncidentDetails? Incident,
    string? LegalBasis,
    ConsentDetails? Consent,
    IReadOnlyList<NeedDetails> Needs,
    IReadOnlyList<Referral> Referrals)
{
    [JsonIgnore]
    public string ETag => CaseETag.Format(Version);
}

public sealed record CaseSummary(
    string CaseId,
    string Status,
    string? GivenName,
    string? FamilyName,
    string? Sex,
    string? Admin1,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int OpenReferrals);

public sealed record CaseSummaryPage(IReadOnlyList<CaseSummary> Items, string? ContinuationToken);

public sealed record EventActor(string Sub, string Role);

public sealed record CaseEvent(long Sequence, string Type, DateTimeOffset OccurredAt, EventActor Actor, JsonObject Data);

public sealed record CaseHistory(IReadOnlyList<CaseEvent> Events);

/// <summary>A registration's result: the case, and whether this request created it or replayed an earlier one.</summary>
public sealed record Registration(CaseView Case, bool Created);

/// <summary>The list's filters; <c>Referrals</c> is <c>open</c> (cases with an open referral) or <c>none</c> (cases without one).</summary>
public sealed record CaseListQuery(string? Status, string? Admin1, string? Referrals, string? Limit, string? ContinuationToken, string? Organization);
