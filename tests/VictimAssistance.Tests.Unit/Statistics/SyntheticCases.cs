using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Statistics;

namespace VictimAssistance.Tests.Statistics;

/// <summary>Cases as the statistics see them (a contribution with a record key), and the cells they sum to.</summary>
internal static class SyntheticCases
{
    public static CaseContribution Case(int recordKey, string month = "2026-03", string admin1 = "AZ-AGM", string sex = "female", string ageGroup = "18-59", string disability = "disability", string organization = "org-a")
    {
        var counts = new Tally();
        counts.Add(StatisticsKeys.Cases);
        counts.Add(StatisticsKeys.Sex + sex);
        counts.Add(StatisticsKeys.AgeGroup + ageGroup);
        counts.Add(StatisticsKeys.Disability + disability);
        counts.Add(StatisticsKeys.Crossed(StatisticsKeys.SexByAgeGroup, sex, ageGroup));
        counts.Add(StatisticsKeys.Crossed(StatisticsKeys.SexByDisability, sex, disability));
        counts.Add(StatisticsKeys.DeviceType + "antipersonnel_mine");
        counts.Add(StatisticsKeys.CivilianStatus + "civilian");
        counts.Add(StatisticsKeys.VictimType + "survivor");
        counts.Add(StatisticsKeys.Status + CaseStatuses.Open);
        return new CaseContribution(Guid.NewGuid().ToString("N"), 1, new StatisticsCell(organization, month, admin1), counts, recordKey);
    }

    /// <summary>A population drawn from a seeded generator: 12 months × 10 areas, every sex, age group and disability value.</summary>
    public static List<CaseContribution> Population(int size, int seed)
    {
        var random = new Random(seed);
        string Pick(IReadOnlyList<string> values) => values[random.Next(values.Count)];
        return Enumerable.Range(0, size)
            .Select(_ => Case(
                random.Next(CellKeyPerturbation.KeyRange),
                $"2026-{random.Next(1, 13):00}",
                $"AZ-A{random.Next(10)}",
                Pick(Vocabularies.Sex),
                Pick(StatisticsKeys.AgeGroups),
                Pick(StatisticsKeys.DisabilityValues)))
            .ToList();
    }

    public static List<StatisticsCellEntity> Cells(IEnumerable<CaseContribution> cases) =>
        cases.GroupBy(contribution => contribution.Cell)
            .Select(cell => StatisticsRows.CellEntity(cell.Key, cell.Aggregate(CellTotals.Empty, (sum, contribution) => sum.Plus(CellTotals.Of(contribution)))))
            .ToList();

    /// <summary>The true count of every published count of the case breakdowns, beside its published value.</summary>
    public static IEnumerable<(long True, long? Published)> CaseCounts(Tally truth, StatisticsReport report)
    {
        var cases = report.Cases;
        yield return (truth[StatisticsKeys.Cases], cases.Total);
        foreach (var (prefix, breakdown) in new[]
        {
            (StatisticsKeys.Sex, cases.BySex), (StatisticsKeys.AgeGroup, cases.ByAgeGroup), (StatisticsKeys.Disability, cases.ByDisability),
            (StatisticsKeys.DeviceType, cases.ByDeviceType), (StatisticsKeys.CivilianStatus, cases.ByCivilianStatus),
            (StatisticsKeys.VictimType, cases.ByVictimType), (StatisticsKeys.Status, cases.ByStatus),
        })
        {
            foreach (var (value, published) in breakdown)
            {
                yield return (truth[prefix + value], published);
            }
        }

        foreach (var (prefix, table) in new[] { (StatisticsKeys.SexByAgeGroup, cases.BySexAndAgeGroup), (StatisticsKeys.SexByDisability, cases.BySexAndDisability) })
        {
            foreach (var (sex, row) in table)
            {
                foreach (var (value, published) in row)
                {
                    yield return (truth[StatisticsKeys.Crossed(prefix, sex, value)], published);
                }
            }
        }
    }
}
