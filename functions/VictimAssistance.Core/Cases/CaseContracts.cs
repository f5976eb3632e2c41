using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Cases;

/// <summary>What a caseworker registers: the body of POST /api/cases. Every property is optional to the reader so
/// that the validator can name each missing field.</summary>
public sealed record CaseDetails
{
    public string? VictimType { get; init; }

    public SurvivorDetails? Survivor { get; init; }

    public IncidentDetails? Incident { get; init; }

    public string? LegalBasis { get; init; }

    public ConsentDetails? Consent { get; init; }

    public IReadOnlyList<NeedDetails>? Needs { get; init; }
}

public sealed record SurvivorDetails
{
    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    public string? Sex { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    public int? EstimatedAge { get; init; }

    public string? Phone { get; init; }

    public string? PreferredLanguage { get; init; }

    public LocationDetails? Location { get; init; }

    public FunctioningDetails? Functioning { get; init; }
}

public sealed record LocationDetails
{
    public string? Admin1 { get; init; }

    public string? Admin2 { get; init; }

    public string? Community { get; init; }
}

/// <summary>Washington Group Short Set: 1 no difficulty … 4 cannot do at all.</summary>
public sealed record FunctioningDetails
{
    public int? Seeing { get; init; }

    public int? Hearing { get; init; }

    public int? Walking { get; init; }

    public int? Cognition { get; init; }

    public int? SelfCare { get; init; }

    public int? Communication { get; init; }
}

public sealed record IncidentDetails
{
    public DateOnly? Date { get; init; }

    public string? DeviceType { get; init; }

    public string? CivilianStatus { get; init; }

    public string? Activity { get; init; }

    public IReadOnlyList<string>? Injuries { get; init; }

    public LocationDetails? Location { get; init; }
}

public sealed record ConsentDetails
{
    public bool? Referral { get; init; }

    public string? GivenBy { get; init; }
}

public sealed record NeedDetails
{
    public string? ServiceType { get; init; }

    public string? Urgency { get; init; }

    public string? Notes { get; init; }
}

public sealed record ReferralRequest
{
    public string? ServiceType { get; init; }

    public string? Urgency { get; init; }

    public string? Notes { get; init; }
}

public sealed record CloseCaseRequest
{
    public string? Reason { get; init; }
}

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

public sealed record CaseListQuery(string? Status, string? Admin1, string? Limit, string? ContinuationToken, string? Organization);
