using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Core.Statistics;

/// <summary>Sums the cells read for a query and publishes them through <see cref="Disclosure"/>. Pure.</summary>
public static class StatisticsReportBuilder
{
    public static StatisticsReport Build(IReadOnlyList<StatisticsCellEntity> cells, StatisticsFilters filters, int threshold, DateTimeOffset generatedAt)
    {
        var sum = cells.Aggregate(new Tally(), (total, cell) => total.Plus(Tally.FromJson(cell.Counts)));
        var byAdmin1 = cells
            .GroupBy(cell => cell.Admin1, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (group.Key, Count: group.Sum(cell => Tally.FromJson(cell.Counts)[StatisticsKeys.Cases])))
            .Where(area => area.Count > 0)
            .ToList();

        var cases = new CaseStatistics(
            Disclosure.Total(sum[StatisticsKeys.Cases], threshold),
            Breakdown(sum, StatisticsKeys.Sex, Vocabularies.Sex, threshold),
            Breakdown(sum, StatisticsKeys.AgeGroup, StatisticsKeys.AgeGroups, threshold),
            Breakdown(sum, StatisticsKeys.Disability, StatisticsKeys.DisabilityValues, threshold),
            Breakdown(sum, StatisticsKeys.DeviceType, Vocabularies.DeviceType, threshold),
            Breakdown(sum, StatisticsKeys.CivilianStatus, Vocabularies.CivilianStatus, threshold),
            Publish(byAdmin1.Select(area => area.Key).ToList(), byAdmin1.Select(area => area.Count).ToList(), threshold),
            Breakdown(sum, StatisticsKeys.VictimType, Vocabularies.VictimType, threshold),
            Breakdown(sum, StatisticsKeys.Status, Vocabularies.CaseStatus, threshold));

        var referrals = new ReferralStatistics(
            Disclosure.Total(sum[StatisticsKeys.Referrals], threshold),
            ByServiceType(sum, threshold),
            Median(sum, StatisticsKeys.HoursToAccept, threshold),
            Median(sum, StatisticsKeys.DaysToComplete, threshold));
        return new StatisticsReport(generatedAt, filters, threshold, cases, referrals);
    }

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

    private static Dictionary<string, long?> Breakdown(Tally sum, string prefix, IReadOnlyList<string> keys, int threshold) =>
        Publish(keys, keys.Select(key => sum[prefix + key]).ToList(), threshold);

    /// <summary>Service type × status as one breakdown: its cells add up to the published referral total.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, long?>> ByServiceType(Tally sum, int threshold)
    {
        var cells = Vocabularies.ServiceType.SelectMany(service => ReferralStatuses.All.Select(status => sum[StatisticsKeys.Referral(service, status)])).ToList();
        var published = Disclosure.Suppress(cells, threshold);
        var statuses = ReferralStatuses.All.Count;
        return Vocabularies.ServiceType
            .Select((service, row) => (service, (IReadOnlyDictionary<string, long?>)ReferralStatuses.All
                .Select((status, column) => (status, published[(row * statuses) + column]))
                .ToDictionary(cell => cell.status, cell => cell.Item2, StringComparer.Ordinal)))
            .ToDictionary(row => row.service, row => row.Item2, StringComparer.Ordinal);
    }

    private static Dictionary<string, long?> Publish(IReadOnlyList<string> keys, IReadOnlyList<long> counts, int threshold)
    {
        var published = Disclosure.Suppress(counts, threshold);
        return keys.Select((key, index) => (key, published[index])).ToDictionary(cell => cell.key, cell => cell.Item2, StringComparer.Ordinal);
    }
}
