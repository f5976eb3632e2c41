using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Referrals;

public static class SurvivorAge
{
    /// <summary>
    /// Whole years on <paramref name="today"/>: from the date of birth when known, else the estimated age plus the
    /// whole years since registration (the estimate was made then); null when neither is known.
    /// </summary>
    public static int? On(SurvivorDetails? survivor, DateTimeOffset registeredAt, DateOnly today)
    {
        if (survivor?.DateOfBirth is { } born)
        {
            return YearsBetween(born, today);
        }

        return survivor?.EstimatedAge is { } estimated
            ? estimated + YearsBetween(DateOnly.FromDateTime(registeredAt.UtcDateTime), today)
            : null;
    }

    private static int YearsBetween(DateOnly from, DateOnly to)
    {
        var years = to.Year - from.Year;
        return Math.Max(0, from.AddYears(years) > to ? years - 1 : years);
    }
}
