using System.Globalization;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// Sums the cells read for a query and publishes every count through <see cref="CellKeyPerturbation"/>; withholds
/// everything (null) when the population counted, or its published total, is below the threshold. Pure.
/// </summary>
public static class StatisticsReportBuilder
{
    public const string Method = "cell-key";

    public static StatisticsReport Build(IReadOnlyList<StatisticsCellEntity> cells, StatisticsFilters filters, int threshold, DateTimeOffset generatedAt)
    {
        var read = cells.Select(cell => (Cell: cell, Totals: cell.ToTotals())).ToList();
        var all = read.Aggregate(CellTotals.Empty, (sum, cell) => sum.Plus(cell.Totals));
        var population = all.Keys[StatisticsKeys.Cases];
        var total = Perturbed(all, StatisticsKeys.Cases, StatisticsKeys.Cases, population);
        var withheld = all.Counts[StatisticsKeys.Cases] < threshold || total < threshold;
        long? Count(CellTotals totals, string key, string name) => withheld ? null : Perturbed(totals, key, name, population);
        Dictionary<string, long?> Breakdown(string prefix, IReadOnlyList<string> values) =>
            values.ToDictionary(value => value, value => Count(all, prefix + value, prefix + value), StringComparer.Ordinal);
        Dictionary<string, IReadOnlyDictionary<string, long?>> Crossed(string prefix, IReadOnlyList<string> rows, IReadOnlyList<string> columns) =>
            rows.ToDictionary(
                row => row,
                row => (IReadOnlyDictionary<string, long?>)columns.ToDictionary(column => column, column => Count(all, StatisticsKeys.Crossed(prefix, row, column), StatisticsKeys.Crossed(prefix, row, column)), StringComparer.Ordinal),
                StringComparer.Ordinal);
        Dictionary<string, long?> Groups(Func<StatisticsCellEntity, string> group, string name, Func<IReadOnlyList<string>, IEnumerable<string>> listed)
        {
            var groups = read.GroupBy(cell => group(cell.Cell), StringComparer.Ordinal).ToDictionary(cellsOf => cellsOf.Key, cellsOf => cellsOf.Aggregate(CellTotals.Empty, (sum, cell) => sum.Plus(cell.Totals)), StringComparer.Ordinal);
            var published = groups.Where(pair => Count(pair.Value, StatisticsKeys.Cases, name + pair.Key) > 0).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
            return listed(published).ToDictionary(key => key, key => Count(groups.GetValueOrDefault(key) ?? CellTotals.Empty, StatisticsKeys.Cases, name + key), StringComparer.Ordinal);
        }

        var cases = new CaseStatistics(
            withheld ? null : total,
            Groups(cell => cell.Month, "month/", MonthsBetween),
            Breakdown(StatisticsKeys.Sex, Vocabularies.Sex),
            Breakdown(StatisticsKeys.AgeGroup, StatisticsKeys.AgeGroups),
            Breakdown(StatisticsKeys.Disability, StatisticsKeys.DisabilityValues),
            Crossed(StatisticsKeys.SexByAgeGroup, Vocabularies.Sex, StatisticsKeys.AgeGroups),
            Crossed(StatisticsKeys.SexByDisability, Vocabularies.Sex, StatisticsKeys.DisabilityValues),
            Breakdown(StatisticsKeys.DeviceType, Vocabularies.DeviceType),
            Breakdown(StatisticsKeys.CivilianStatus, Vocabularies.CivilianStatus),
            Groups(cell => cell.Admin1, "admin1/", published => published),
            Breakdown(StatisticsKeys.VictimType, Vocabularies.VictimType),
            Breakdown(StatisticsKeys.Status, Vocabularies.CaseStatus));

        var referrals = new ReferralStatistics(
            Count(all, StatisticsKeys.Referrals, StatisticsKeys.Referrals),
            Vocabularies.ServiceType.ToDictionary(
                service => service,
                service => (IReadOnlyDictionary<string, long?>)ReferralStatuses.All.ToDictionary(status => status, status => Count(all, StatisticsKeys.Referral(service, status), StatisticsKeys.Referral(service, status)), StringComparer.Ordinal),
                StringComparer.Ordinal),
            withheld ? null : Median(all.Counts, StatisticsKeys.HoursToAccept, threshold),
            withheld ? null : Median(all.Counts, StatisticsKeys.DaysToComplete, threshold));
        var disclosure = new DisclosureControl(Method, threshold, CellKeyPerturbation.MaxPerturbation, CellKeyPerturbation.SmallestPublished, withheld);
        return new StatisticsReport(generatedAt, filters, disclosure, cases, referrals);
    }

    /// <summary>The published value of the count <paramref name="key"/> of <paramref name="totals"/>, keyed under the cell name <paramref name="name"/> in the population counted.</summary>
    public static long Perturbed(CellTotals totals, string key, string name, long populationKeySum) =>
        CellKeyPerturbation.Publish(totals.Counts[key], CellKeyPerturbation.CellKey(name, totals.Keys[key], populationKeySum));

    /// <summary>
    /// The median of the durations (each kept to the nearest whole hour or day), the mean of the two middle ones
    /// when their number is even; null with fewer observations than the threshold.
    /// </summary>
    public static double? Median(Tally sum, string prefix, int threshold)
    {
        var histogram = sum.WithPrefix(prefix).Select(bucket => (Value: long.Parse(bucket.Key, System.Globalization.CultureInfo.InvariantCulture), bucket.Count)).OrderBy(bucket => bucket.Value).ToList();
        var observations = histogram.Sum(bucket => bucket.Count);
        if (observations < threshold || observations == 0)
        {
            return null;
        }

        long ValueAt(long index)
        {
            foreach (var (value, count) in histogram)
            {
                if (index < count)
                {
                    return value;
                }

                index -= count;
            }

            throw new InvalidOperationException("The index is beyond the observations.");
        }

        return (ValueAt((observations - 1) / 2) + ValueAt(observations / 2)) / 2.0;
    }

    /// <summary>
    /// Every month from the first to the last of <paramref name="published"/> (sorted yyyy-MM), so a chart's series
    /// has no gaps; the ends are months whose published count is above zero, never a month revealed only by a record.
    /// </summary>
    private static IEnumerable<string> MonthsBetween(IReadOnlyList<string> published)
    {
        if (published.Count == 0)
        {
            yield break;
        }

        var last = DateOnly.ParseExact(published[^1] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var month = DateOnly.ParseExact(published[0] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture); month <= last; month = month.AddMonths(1))
        {
            yield return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
    }
}
