using System.Globalization;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// The unit of aggregation: an organisation's cases registered in one month (UTC, <c>yyyy-MM</c>) in one
/// <c>admin1</c> (upper case, so codes differing only in case count together).
/// </summary>
public sealed record StatisticsCell(string Organization, string Month, string Admin1)
{
    public static string MonthOf(DateTimeOffset registeredAt) => registeredAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>
/// What one case, at one version, adds to its cell; <paramref name="RecordKey"/> is the case's cell-key record key
/// (<see cref="CellKeyPerturbation"/>), drawn once when the case is first counted and kept from then on.
/// </summary>
public sealed record CaseContribution(string CaseId, int Version, StatisticsCell Cell, Tally Counts, int? RecordKey = null)
{
    /// <summary>What the case adds to its cell's record-key sums: its record key for each thing it counts for (nothing without a key).</summary>
    public Tally Keys => Counts.Times(RecordKey ?? 0);
}
