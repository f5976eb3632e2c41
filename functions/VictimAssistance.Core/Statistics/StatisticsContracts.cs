namespace VictimAssistance.Core.Statistics;

/// <summary>The query string of GET /api/statistics and its export, as received.</summary>
public sealed record StatisticsQuery(string? From, string? To, string? Admin1, string? Organization);

/// <summary>The filters in force: months of registration (inclusive), one admin1, one organisation (null: all the caller may count).</summary>
public sealed record StatisticsFilters(string? From, string? To, string? Admin1, string? Organization);

/// <summary>Disclosure-controlled statistics: a null count is suppressed (1 … threshold − 1, or secondary).</summary>
public sealed record StatisticsReport(
    DateTimeOffset GeneratedAt,
    StatisticsFilters Filters,
    int SuppressionThreshold,
    CaseStatistics Cases,
    ReferralStatistics Referrals);

public sealed record CaseStatistics(
    long? Total,
    IReadOnlyDictionary<string, long?> BySex,
    IReadOnlyDictionary<string, long?> ByAgeGroup,
    IReadOnlyDictionary<string, long?> ByDisability,
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
