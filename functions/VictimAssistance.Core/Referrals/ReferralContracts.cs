using System.Text.Json.Serialization;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Referrals;

public sealed record ReferralRequest(string? ServiceType, string? Urgency, string? Notes);

public sealed record ReferralPage(IReadOnlyList<Referral> Items, string? ContinuationToken);

public sealed record ReferralListQuery(string? Status, string? ProviderId, string? Limit, string? ContinuationToken);

public sealed record DeclineReferralRequest(string? Reason);

public sealed record CompleteReferralRequest(string? Outcome, string? Notes);

/// <summary>The minimum survivor data a provider needs, and nothing else.</summary>
public sealed record ReferralSurvivor(
    string? GivenName,
    string? FamilyName,
    string? Sex,
    int? Age,
    string? Phone,
    string? PreferredLanguage,
    LocationDetails? Location,
    FunctioningDetails? Functioning);

/// <summary>What medical and rehabilitation providers also need of the incident.</summary>
public sealed record ReferralIncident(IReadOnlyList<string> Injuries, string? DeviceType);

/// <summary>A referral as its provider reads it: the referral, and the snapshot of the survivor data its provider may see.</summary>
public sealed record ReferralDetails(
    Referral Referral,
    ReferralSurvivor Survivor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReferralIncident? Incident)
{
    public static ReferralDetails Of(ReferralEntity referral, ReferralSnapshot snapshot) => new(referral.ToReferral(), snapshot.Survivor, snapshot.Incident);
}
