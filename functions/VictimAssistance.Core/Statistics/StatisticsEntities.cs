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

    public static StatisticsCellEntity CellEntity(StatisticsCell cell, CellTotals totals) => new()
    {
        PartitionKey = cell.Organization,
        RowKey = Cell(cell.Month, cell.Admin1),
        Month = cell.Month,
        Admin1 = cell.Admin1,
        Counts = totals.Counts.ToJson(),
        Keys = totals.Keys.ToJson(),
    };

    public static CaseContributionEntity ContributionEntity(CaseContribution contribution) => new()
    {
        PartitionKey = contribution.Cell.Organization,
        RowKey = Contribution(contribution.CaseId),
        Version = contribution.Version,
        Month = contribution.Cell.Month,
        Admin1 = contribution.Cell.Admin1,
        Counts = contribution.Counts.ToJson(),
        RecordKey = contribution.RecordKey,
    };

    public static OrganizationEntity OrganizationEntity(string organization) => new() { PartitionKey = OrganizationsPartition, RowKey = organization };
}

/// <summary>What a cell holds: the sum of its cases' counts and of their record-key sums.</summary>
public sealed record CellTotals(Tally Counts, Tally Keys)
{
    public static CellTotals Empty => new(new Tally(), new Tally());

    public static CellTotals Of(CaseContribution contribution) => new(contribution.Counts, contribution.Keys);

    public CellTotals Plus(CellTotals other) => new(Counts.Plus(other.Counts), Keys.Plus(other.Keys));

    public CellTotals Minus(CellTotals other) => new(Counts.Minus(other.Counts), Keys.Minus(other.Keys));

    public bool SameAs(CellTotals other) => Counts.SameAs(other.Counts) && Keys.SameAs(other.Keys);

    /// <summary>The names whose count or record-key sum differ (for a drift report: names, never values).</summary>
    public IReadOnlyList<string> DifferingKeys(CellTotals other) =>
        Counts.DifferingKeys(other.Counts).Union(Keys.DifferingKeys(other.Keys), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>The sum of the contributions of a cell's cases.</summary>
public sealed class StatisticsCellEntity : TableRow
{
    public string Month { get; set; } = string.Empty;

    public string Admin1 { get; set; } = string.Empty;

    /// <summary>A <see cref="Tally"/> as JSON: counts only, never a case id or personal data.</summary>
    public string Counts { get; set; } = "{}";

    /// <summary>
    /// For each count, the sum of the record keys of the cases counted (a <see cref="Tally"/> as JSON), from which
    /// a published cell's key is derived. Absent on cells written before the cell-key method: read as empty
    /// until the recount rebuilds them.
    /// </summary>
    public string Keys { get; set; } = "{}";

    public StatisticsCell ToCell() => new(PartitionKey, Month, Admin1);

    public CellTotals ToTotals() => new(Tally.FromJson(Counts), Tally.FromJson(Keys));
}

/// <summary>What a case contributes, and at which of its versions: makes the projection idempotent per case version.</summary>
public sealed class CaseContributionEntity : TableRow
{
    public int Version { get; set; }

    public string Month { get; set; } = string.Empty;

    public string Admin1 { get; set; } = string.Empty;

    public string Counts { get; set; } = "{}";

    /// <summary>The case's record key: never shown. Null on contributions written before the cell-key method (the recount draws one).</summary>
    public int? RecordKey { get; set; }

    public CaseContribution ToContribution() =>
        new(RowKey[StatisticsRows.ContributionPrefix.Length..], Version, new StatisticsCell(PartitionKey, Month, Admin1), Tally.FromJson(Counts), RecordKey);
}

/// <summary>An organisation with statistics, so an admin's query reads the cells of each without scanning the table.</summary>
public sealed class OrganizationEntity : TableRow;
