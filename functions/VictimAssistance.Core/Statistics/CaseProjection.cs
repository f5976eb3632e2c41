using System.Globalization;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// What a stored case counts for: the one projection used by the outbox handler, the recount and the
/// benchmark's seeding, so that they cannot disagree.
/// </summary>
public static class CaseProjection
{
    /// <summary>True when the durations need the case's history (a referral was accepted): otherwise it is not read.</summary>
    public static bool NeedsHistory(CaseRecord record) =>
        record.ReferralRows().Any(referral => referral.Status is ReferralStatuses.Accepted or ReferralStatuses.Completed);

    /// <summary>The case's contribution at its head's version; <paramref name="history"/> may hold later events, which are ignored.</summary>
    public static CaseContribution Project(CaseRecord record, IReadOnlyList<CaseEventEntity> history)
    {
        var head = record.Head;
        var details = record.Details;
        var survivor = details.Survivor;
        var counts = new Tally();
        counts.Add(StatisticsKeys.Cases);
        var sex = survivor?.Sex ?? StatisticsKeys.Unknown;
        var ageGroup = AgeGroup(survivor, head.CreatedAt);
        var disability = Disability(survivor?.Functioning);
        counts.Add(StatisticsKeys.Sex + sex);
        counts.Add(StatisticsKeys.AgeGroup + ageGroup);
        counts.Add(StatisticsKeys.Disability + disability);
        counts.Add(StatisticsKeys.Crossed(StatisticsKeys.SexByAgeGroup, sex, ageGroup));
        counts.Add(StatisticsKeys.Crossed(StatisticsKeys.SexByDisability, sex, disability));
        counts.Add(StatisticsKeys.DeviceType + (details.Incident?.DeviceType ?? StatisticsKeys.Unknown));
        counts.Add(StatisticsKeys.CivilianStatus + (details.Incident?.CivilianStatus ?? StatisticsKeys.Unknown));
        counts.Add(StatisticsKeys.VictimType + (details.VictimType ?? StatisticsKeys.Unknown));
        counts.Add(StatisticsKeys.Status + head.Status);

        var answered = AnsweredAt(history, head.LastSequence);
        foreach (var referral in record.ReferralRows())
        {
            counts.Add(StatisticsKeys.Referrals);
            counts.Add(StatisticsKeys.Referral(referral.ServiceType, referral.Status));
            if (answered.TryGetValue((ReferralEvents.Accepted.Name, referral.ReferralId), out var acceptedAt))
            {
                counts.Add(StatisticsKeys.HoursToAccept + Whole((acceptedAt - referral.CreatedAt).TotalHours));
            }

            if (answered.TryGetValue((ReferralEvents.Completed.Name, referral.ReferralId), out var completedAt))
            {
                counts.Add(StatisticsKeys.DaysToComplete + Whole((completedAt - referral.CreatedAt).TotalDays));
            }
        }

        var admin1 = survivor?.Location?.Admin1?.ToUpperInvariant() ?? StatisticsKeys.Unknown;
        return new CaseContribution(head.PartitionKey, head.Version, new StatisticsCell(head.Organization, StatisticsCell.MonthOf(head.CreatedAt), admin1), counts);
    }

    /// <summary>Age at registration: from the date of birth, else the estimated age (given at registration).</summary>
    public static string AgeGroup(SurvivorDetails? survivor, DateTimeOffset registeredAt)
    {
        int? age = survivor?.DateOfBirth is { } born ? YearsBetween(born, DateOnly.FromDateTime(registeredAt.UtcDateTime)) : survivor?.EstimatedAge;
        return age switch
        {
            null or < 0 => StatisticsKeys.Unknown,
            <= 4 => "0-4",
            <= 11 => "5-11",
            <= 17 => "12-17",
            <= 59 => "18-59",
            _ => "60+",
        };
    }

    /// <summary>Washington Group Short Set: any domain 3 or 4 → disability; all six 1 or 2 → none; otherwise unknown.</summary>
    public static string Disability(FunctioningDetails? functioning)
    {
        int?[] domains = functioning is null
            ? []
            : [functioning.Seeing, functioning.Hearing, functioning.Walking, functioning.Cognition, functioning.SelfCare, functioning.Communication];
        if (domains.Any(level => level is 3 or 4))
        {
            return "disability";
        }

        return domains.Length == 6 && domains.All(level => level is 1 or 2) ? "no_disability" : StatisticsKeys.Unknown;
    }

    /// <summary>Durations are kept to the nearest whole hour or day, so a cell holds a small histogram rather than every value.</summary>
    private static string Whole(double value) => ((long)Math.Round(value, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture);

    private static int YearsBetween(DateOnly born, DateOnly on)
    {
        var years = on.Year - born.Year;
        return on < born.AddYears(years) ? years - 1 : years;
    }

    /// <summary>When each referral was accepted and completed, from the events the head already counts.</summary>
    private static Dictionary<(string Type, string ReferralId), DateTimeOffset> AnsweredAt(IReadOnlyList<CaseEventEntity> history, long lastSequence)
    {
        var answered = new Dictionary<(string, string), DateTimeOffset>();
        foreach (var item in history.Where(item => item.Sequence <= lastSequence))
        {
            if (item.Type == ReferralEvents.Accepted.Name)
            {
                answered[(item.Type, ReferralEvents.Accepted.Read(item.Data).ReferralId)] = item.OccurredAt;
            }
            else if (item.Type == ReferralEvents.Completed.Name)
            {
                answered[(item.Type, ReferralEvents.Completed.Read(item.Data).ReferralId)] = item.OccurredAt;
            }
        }

        return answered;
    }
}
