using System.Globalization;
using VictimAssistance.Core.Statistics;
using Xunit.Abstractions;
using static VictimAssistance.Tests.Statistics.SyntheticCases;

namespace VictimAssistance.Tests.Statistics;

/// <summary>
/// The utility cost of the cell-key method, the figure docs/statistics.md quotes: the mean absolute error of every
/// published case count (total, breakdowns, sex × age group, sex × disability) against the true count, on seeded
/// populations spread over 12 months × 10 areas like the statistics benchmark's.
/// </summary>
public sealed class StatisticsUtilityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(100)]
    [InlineData(1_000)]
    [InlineData(10_000)]
    public void The_mean_absolute_error_of_published_counts_stays_below_one_case(int size)
    {
        var population = Population(size, seed: 20261206);
        var truth = population.Aggregate(new Tally(), (sum, contribution) => sum.Plus(contribution.Counts));
        var report = StatisticsReportBuilder.Build(Cells(population), new StatisticsFilters(null, null, null, null), 5, DateTimeOffset.UnixEpoch);

        var counts = CaseCounts(truth, report).ToList();
        var meanAbsoluteError = counts.Average(count => (double)Math.Abs(count.Published!.Value - count.True));
        var exact = counts.Count(count => count.Published == count.True) / (double)counts.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size} cases: {counts.Count} counts, mean absolute error {meanAbsoluteError:F3}, published exactly {exact:P0}"));

        Assert.InRange(meanAbsoluteError, 0.3, 1.0);
    }
}
