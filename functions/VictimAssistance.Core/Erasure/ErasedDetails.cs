using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Core.Erasure;

/// <summary>
/// What is left of a case's data after erasure: the categories its statistics count (sex, age at registration,
/// functioning, admin1, device, civilian status, victim type, legal basis, consent, services), nothing that names,
/// reaches or places the survivor (names, phone, date of birth, language, admin2, community, dates, notes).
/// </summary>
public static class ErasedDetails
{
    public static CaseDetails Of(CaseDetails details, DateTimeOffset registeredAt)
    {
        var survivor = details.Survivor;
        var incident = details.Incident;
        return details with
        {
            Survivor = survivor is null ? null : new SurvivorDetails(
                GivenName: null,
                FamilyName: null,
                survivor.Sex,
                DateOfBirth: null,
                EstimatedAge: SurvivorAge.On(survivor, registeredAt, DateOnly.FromDateTime(registeredAt.UtcDateTime)),
                Phone: null,
                PreferredLanguage: null,
                survivor.Location is null ? null : new LocationDetails(survivor.Location.Admin1, Admin2: null, Community: null),
                survivor.Functioning),
            Incident = incident is null ? null : new IncidentDetails(Date: null, incident.DeviceType, incident.CivilianStatus, Activity: null, Injuries: null, Location: null),
            Needs = details.Needs?.Select(need => need with { Notes = null }).ToList(),
        };
    }
}
