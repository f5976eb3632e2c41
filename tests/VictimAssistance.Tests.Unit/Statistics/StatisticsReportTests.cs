using System.Text;
using VictimAssistance.Core.Statistics;

namespace VictimAssistance.Tests.Statistics;

public sealed class StatisticsReportTests
{
    private static readonly StatisticsFilters NoFilters = new(null, null, null, null);

    [Theory]
    [InlineData("5:1,6:1,7:1,8:1,9:1", 7.0)]
    [InlineData("5:3,6:3", 5.5)] // even: the mean of the two middle values
    [InlineData("1:1,2:1,100:3", 100.0)]
    [InlineData("2:4", null)] // fewer observations than the threshold
    [InlineData("", null)]
    public void The_median_comes_from_the_histogram_and_needs_as_many_observations_as_the_threshold(string buckets, double? median)
    {
        var sum = new Tally();
        foreach (var bucket in buckets.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = bucket.Split(':');
            sum.Add(StatisticsKeys.HoursToAccept + parts[0], long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(median, StatisticsReportBuilder.Median(sum, StatisticsKeys.HoursToAccept, threshold: 5));
    }

    [Fact]
    public void Cells_are_summed_and_every_breakdown_is_published_through_disclosure_control()
    {
        var cells = new[] { Cell("AZ-AGM", female: 20, male: 3), Cell("AZ-FUZ", female: 6, male: 5) };

        var report = StatisticsReportBuilder.Build(cells, NoFilters, 5, DateTimeOffset.UnixEpoch);

        Assert.Equal(34, report.Cases.Total);
        Assert.Equal([26L, 8L, 0L], report.Cases.BySex.Values);
        Assert.Equal(new Dictionary<string, long?> { ["AZ-AGM"] = 23, ["AZ-FUZ"] = 11 }, report.Cases.ByAdmin1);
        Assert.Null(report.Referrals.MedianHoursToAccept);
    }

    [Fact]
    public void The_csv_has_one_row_per_number_and_writes_suppressed_counts_with_the_threshold()
    {
        var cells = new[] { Cell("AZ-AGM", female: 20, male: 3) };
        var report = StatisticsReportBuilder.Build(cells, NoFilters, 5, DateTimeOffset.UnixEpoch);

        var csv = Encoding.UTF8.GetString(StatisticsCsv.Write(report));

        Assert.StartsWith("section,dimension,key,count\r\ncases,total,all,23\r\ncases,bySex,female,<5\r\ncases,bySex,male,<5\r\n", csv, StringComparison.Ordinal);
        Assert.EndsWith("referrals,medianDaysToComplete,all,<5\r\n", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, "statistics_earliest_to_latest.csv")]
    [InlineData("2026-01", "2026-03", null, "statistics_2026-01_to_2026-03.csv")]
    [InlineData("2026-01", null, "AZ-AGM", "statistics_AZ-AGM_2026-01_to_latest.csv")]
    public void The_file_name_names_the_period(string? from, string? to, string? admin1, string fileName)
    {
        Assert.Equal(fileName, StatisticsCsv.FileName(new StatisticsFilters(from, to, admin1, null)));
    }

    private static StatisticsCellEntity Cell(string admin1, long female, long male)
    {
        var counts = new Tally();
        counts.Add(StatisticsKeys.Cases, female + male);
        counts.Add(StatisticsKeys.Sex + "female", female);
        counts.Add(StatisticsKeys.Sex + "male", male);
        return StatisticsRows.CellEntity(new StatisticsCell("org-a", "2026-03", admin1), counts);
    }
}
