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

/// <summary>A referral as its provider reads it: the referral, the minimum survivor data, and the incident only where the service needs it.</summary>
public sealed record ReferralDetails(
    Referral Referral,
    ReferralSurvivor Survivor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReferralIncident? Incident)
{
    private static readonly HashSet<string> ServicesNeedingIncident = new(StringComparer.Ordinal) { "medical", "rehabilitation" };

    public static ReferralDetails Of(CaseRecord record, ReferralEntity referral, DateOnly today)
    {
        var survivor = record.Details.Survivor;
        var incident = record.Details.Incident;
        return new ReferralDetails(
            referral.ToReferral(),
            new ReferralSurvivor(
                survivor?.GivenName,
                survivor?.FamilyName,
                survivor?.Sex,
                SurvivorAge.On(survivor, record.Head.CreatedAt, today),
                survivor?.Phone,
                survivor?.PreferredLanguage,
                survivor?.Location,
                survivor?.Functioning),
            ServicesNeedingIncident.Contains(referral.ServiceType) ? new ReferralIncident(incident?.Injuries ?? [], incident?.DeviceType) : null);
    }
}
