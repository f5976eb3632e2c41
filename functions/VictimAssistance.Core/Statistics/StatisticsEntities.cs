using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// RowKeys of the StatisticsAggregates table, PartitionKey = organisation: one row per cell
/// (<c>cell|{month}|{admin1}</c>) and one per case (<c>case|{caseId}</c>) remembering what the case currently
/// contributes. Both live in the organisation's partition, so moving a case between cells changes its row and
/// both cells in one entity-group transaction.
/// </summary>
public static class StatisticsRows
{
    public const string CellPrefix = "cell|";
    public const string ContributionPrefix = "case|";

    /// <summary>The StatisticsOrganizations partition listing every organisation that has statistics.</summary>
    public const string OrganizationsPartition = "organizations";

    public static string Cell(string month, string admin1) => $"{CellPrefix}{month}|{admin1}";

    public static string Contribution(string caseId) => ContributionPrefix + caseId;

    public static StatisticsCellEntity CellEntity(StatisticsCell cell, Tally counts) => new()
    {
        PartitionKey = cell.Organization,
        RowKey = Cell(cell.Month, cell.Admin1),
        Month = cell.Month,
        Admin1 = cell.Admin1,
        Counts = counts.ToJson(),
    };

    public static CaseContributionEntity ContributionEntity(CaseContribution contribution) => new()
    {
        PartitionKey = contribution.Cell.Organization,
        RowKey = Contribution(contribution.CaseId),
        Version = contribution.Version,
        Month = contribution.Cell.Month,
        Admin1 = contribution.Cell.Admin1,
        Counts = contribution.Counts.ToJson(),
    };

    public static OrganizationEntity OrganizationEntity(string organization) => new() { PartitionKey = OrganizationsPartition, RowKey = organization };
}

/// <summary>The sum of the contributions of a cell's cases.</summary>
public sealed class StatisticsCellEntity : TableRow
{
    public string Month { get; set; } = string.Empty;

    public string Admin1 { get; set; } = string.Empty;

    /// <summary>A <see cref="Tally"/> as JSON: counts only, never a case id or personal data.</summary>
    public string Counts { get; set; } = "{}";

    public StatisticsCell ToCell() => new(PartitionKey, Month, Admin1);
}

/// <summary>What a case contributes, and at which of its versions: makes the projection idempotent per case version.</summary>
public sealed class CaseContributionEntity : TableRow
{
    public int Version { get; set; }

    public string Month { get; set; } = string.Empty;

    public string Admin1 { get; set; } = string.Empty;

    public string Counts { get; set; } = "{}";

    public CaseContribution ToContribution() =>
        new(RowKey[StatisticsRows.ContributionPrefix.Length..], Version, new StatisticsCell(PartitionKey, Month, Admin1), Tally.FromJson(Counts));
}

/// <summary>An organisation with statistics, so an admin's query reads the cells of each without scanning the table.</summary>
public sealed class OrganizationEntity : TableRow;
