using System.Text.RegularExpressions;
using VictimAssistance.Core.Locations;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>Every rule of API.md for a case, checked as a whole (on registration and after a merge patch).</summary>
public static partial class CaseValidator
{
    public const int MaxNeeds = 10;
    public const int MaxNameLength = 100;
    public const int MaxNotesLength = 2000;
    public const int MaxInjuries = 20;
    public const int MaxReasonLength = 1000;
    public const string Admin1Rule = "must be 1 to 20 characters of A-Z, a-z, 0-9, '.', '_' or '-'.";

    // Dates are entered in the survivor's local calendar: up to UTC+14 may already be "tomorrow" in UTC.
    private static readonly TimeSpan LatestTimeZone = TimeSpan.FromHours(14);

    public static DateOnly LatestLocalDate(TimeProvider time) => DateOnly.FromDateTime((time.GetUtcNow() + LatestTimeZone).UtcDateTime);

    public static ValidationErrors Validate(CaseDetails details, DateOnly today, Gazetteer gazetteer)
    {
        var errors = new ValidationErrors();
        errors.RequiredOneOf("victimType", details.VictimType, Vocabularies.VictimType);
        ValidateSurvivor(errors, details.Survivor, today, gazetteer);
        ValidateIncident(errors, details.Incident, today, gazetteer);
        errors.RequiredOneOf("legalBasis", details.LegalBasis, Vocabularies.LegalBasis);
        ValidateConsent(errors, details.Consent);

        var needs = details.Needs ?? [];
        if (needs.Count > MaxNeeds)
        {
            errors.Add("needs", $"must list at most {MaxNeeds} needs.");
        }

        for (var index = 0; index < needs.Count; index++)
        {
            ValidateNeed(errors, $"needs[{index}]", needs[index]?.ServiceType, needs[index]?.Urgency, needs[index]?.Notes);
        }

        return errors;
    }

    /// <summary>One need on its own, as a referral request names it (service type, urgency, notes).</summary>
    public static ValidationErrors ValidateNeed(string? serviceType, string? urgency, string? notes)
    {
        var errors = new ValidationErrors();
        ValidateNeed(errors, path: null, serviceType, urgency, notes);
        return errors;
    }

    public static ValidationErrors ValidateClose(CloseCaseRequest request)
    {
        var errors = new ValidationErrors();
        errors.RequiredText("reason", request.Reason, MaxReasonLength);
        return errors;
    }

    private static void ValidateSurvivor(ValidationErrors errors, SurvivorDetails? survivor, DateOnly today, Gazetteer gazetteer)
    {
        if (survivor is null)
        {
            errors.Add("survivor", "is required.");
            return;
        }

        errors.RequiredText("survivor.givenName", survivor.GivenName, MaxNameLength);
        errors.RequiredText("survivor.familyName", survivor.FamilyName, MaxNameLength);
        errors.RequiredOneOf("survivor.sex", survivor.Sex, Vocabularies.Sex);
        errors.NotInFuture("survivor.dateOfBirth", survivor.DateOfBirth, today);
        errors.Range("survivor.estimatedAge", survivor.EstimatedAge, 0, 120);
        errors.Matches("survivor.phone", survivor.Phone, E164(), "must be an E.164 number such as +994501234567.");
        errors.Matches("survivor.preferredLanguage", survivor.PreferredLanguage, LanguageTag(), "must be a language code such as az or pt-BR.");
        if (survivor.Location is null)
        {
            errors.Add("survivor.location.admin1", "is required.");
        }
        else
        {
            ValidateLocation(errors, "survivor.location", survivor.Location, admin1Required: true, gazetteer);
        }

        if (survivor.Functioning is { } functioning)
        {
            errors.Range("survivor.functioning.seeing", functioning.Seeing, 1, 4);
            errors.Range("survivor.functioning.hearing", functioning.Hearing, 1, 4);
            errors.Range("survivor.functioning.walking", functioning.Walking, 1, 4);
            errors.Range("survivor.functioning.cognition", functioning.Cognition, 1, 4);
            errors.Range("survivor.functioning.selfCare", functioning.SelfCare, 1, 4);
            errors.Range("survivor.functioning.communication", functioning.Communication, 1, 4);
        }
    }

    private static void ValidateIncident(ValidationErrors errors, IncidentDetails? incident, DateOnly today, Gazetteer gazetteer)
    {
        if (incident is null)
        {
            errors.Add("incident.deviceType", "is required.");
            return;
        }

        errors.NotInFuture("incident.date", incident.Date, today);
        errors.RequiredOneOf("incident.deviceType", incident.DeviceType, Vocabularies.DeviceType);
        errors.OneOf("incident.civilianStatus", incident.CivilianStatus, Vocabularies.CivilianStatus);
        errors.Length("incident.activity", incident.Activity, MaxNameLength);
        var injuries = incident.Injuries ?? [];
        if (injuries.Count > MaxInjuries)
        {
            errors.Add("incident.injuries", $"must list at most {MaxInjuries} injuries.");
        }

        for (var index = 0; index < injuries.Count; index++)
        {
            errors.RequiredText($"incident.injuries[{index}]", injuries[index], MaxNameLength);
        }

        if (incident.Location is not null)
        {
            ValidateLocation(errors, "incident.location", incident.Location, admin1Required: false, gazetteer);
        }
    }

    private static void ValidateLocation(ValidationErrors errors, string path, LocationDetails location, bool admin1Required, Gazetteer gazetteer)
    {
        if (admin1Required)
        {
            errors.Required($"{path}.admin1", location.Admin1);
        }

        errors.Matches($"{path}.admin1", location.Admin1, Admin1Code(), Admin1Rule);
        errors.Length($"{path}.admin2", location.Admin2, MaxNameLength);
        if (location.Admin1 is { } admin1 && Admin1Code().IsMatch(admin1))
        {
            gazetteer.Validate(errors, path, admin1, location.Admin2);
        }

        errors.Length($"{path}.community", location.Community, MaxNameLength);
    }

    private static void ValidateConsent(ValidationErrors errors, ConsentDetails? consent)
    {
        errors.Required("consent.referral", consent?.Referral);
        errors.OneOf("consent.givenBy", consent?.GivenBy, Vocabularies.ConsentGivenBy);
        if (consent?.Referral == true && consent.GivenBy is null)
        {
            errors.Add("consent.givenBy", "is required when consent.referral is true.");
        }
    }

    private static void ValidateNeed(ValidationErrors errors, string? path, string? serviceType, string? urgency, string? notes)
    {
        var prefix = path is null ? string.Empty : path + ".";
        errors.RequiredOneOf(prefix + "serviceType", serviceType, Vocabularies.ServiceType);
        errors.OneOf(prefix + "urgency", urgency, Vocabularies.Urgency);
        errors.MaxLength(prefix + "notes", notes, MaxNotesLength);
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
    internal static partial Regex LanguageTag();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,20}$")]
    internal static partial Regex Admin1Code();
}
