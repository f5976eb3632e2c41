namespace VictimAssistance.Core.Statistics;

/// <summary>The query string of GET /api/statistics and its export, as received (<paramref name="Hxl"/>: the export only).</summary>
public sealed record StatisticsQuery(string? From, string? To, string? Admin1, string? Organization, string? Hxl = null);

/// <summary>The filters in force: months of registration (inclusive), one admin1, one organisation (null: all the caller may count).</summary>
public sealed record StatisticsFilters(string? From, string? To, string? Admin1, string? Organization)
{
    /// <summary>Whether the export adds the HXL hashtag row; not a filter, so not echoed in the report.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Hxl { get; init; }
}

/// <summary>
/// Disclosure-controlled statistics (docs/statistics.md): every count is perturbed by the cell-key method; every
/// count and median is null when the population counted is below the threshold.
/// </summary>
public sealed record StatisticsReport(
    DateTimeOffset GeneratedAt,
    StatisticsFilters Filters,
    DisclosureControl Disclosure,
    CaseStatistics Cases,
    ReferralStatistics Referrals);

/// <summary>The method and parameters in force, and whether this answer is withheld (population below the threshold).</summary>
public sealed record DisclosureControl(string Method, int PopulationThreshold, int MaxPerturbation, int SmallestPublishedCount, bool Withheld);

public sealed record CaseStatistics(
    long? Total,
    IReadOnlyDictionary<string, long?> ByMonth,
    IReadOnlyDictionary<string, long?> BySex,
    IReadOnlyDictionary<string, long?> ByAgeGroup,
    IReadOnlyDictionary<string, long?> ByDisability,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long?>> BySexAndAgeGroup,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long?>> BySexAndDisability,
    IReadOnlyDictionary<string, long?> ByDeviceType,
    IReadOnlyDictionary<string, long?> ByCivilianStatus,
    IReadOnlyDictionary<string, long?> ByAdmin1,
    IReadOnlyDictionary<string, long?> ByVictimType,
    IReadOnlyDictionary<string, long?> ByStatus);

public sealed record ReferralStatistics(
    long? Total,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long?>> ByServiceType,
    double? MedianHoursToAccept,
    double? MedianDaysToComplete);

/// <summary>The statistics as CSV, and the file name that names its period.</summary>
public sealed record StatisticsExport(string FileName, byte[] Csv);

/// <summary>What a recount found and repaired. Names cells and count keys, never counts or case data.</summary>
public sealed record RecountReport(DateTimeOffset CountedAt, int CasesCounted, int ContributionsRepaired, int CellsRepaired, IReadOnlyList<CellDrift> Drift);

/// <summary>A cell whose stored counts differed from the recount, and the count keys that differed.</summary>
public sealed record CellDrift(string Organization, string Month, string Admin1, IReadOnlyList<string> Keys);
