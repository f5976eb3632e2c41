using System.Text;
using VictimAssistance.Core.Statistics;
using static VictimAssistance.Tests.Statistics.SyntheticCases;

namespace VictimAssistance.Tests.Statistics;

public sealed class StatisticsReportTests
{
    private const int Threshold = 5;
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

        Assert.Equal(median, StatisticsReportBuilder.Median(sum, StatisticsKeys.HoursToAccept, threshold: Threshold));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_population_below_the_threshold_answers_every_count_and_median_null_totals_included(int size)
    {
        var report = Build(Enumerable.Range(0, size).Select(index => Case(recordKey: 40 * index)));

        Assert.True(report.Disclosure.Withheld);
        Assert.Null(report.Cases.Total);
        Assert.Null(report.Referrals.Total);
        Assert.All(CaseCounts(new Tally(), report), count => Assert.Null(count.Published));
        Assert.Empty(report.Cases.ByMonth);
        Assert.Empty(report.Cases.ByAdmin1);
        Assert.All(report.Referrals.ByServiceType.Values.SelectMany(row => row.Values), count => Assert.Null(count));
        Assert.Null(report.Referrals.MedianHoursToAccept);
    }

    [Fact]
    public void A_population_whose_published_total_falls_below_the_threshold_is_withheld_too()
    {
        var withheld = Enumerable.Range(0, 200)
            .Select(seed => Build(Enumerable.Range(0, Threshold).Select(index => Case(recordKey: (seed * 7) + index))))
            .Where(report => report.Disclosure.Withheld)
            .ToList();

        Assert.NotEmpty(withheld);
        Assert.All(withheld, report => Assert.Null(report.Cases.Total));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_published_count_is_within_the_maximum_perturbation_of_the_truth_and_never_1_or_2(int seed)
    {
        var population = Population(300, seed);
        var report = Build(population);
        var truth = population.Aggregate(new Tally(), (sum, contribution) => sum.Plus(contribution.Counts));

        Assert.False(report.Disclosure.Withheld);
        Assert.All(CaseCounts(truth, report), count =>
        {
            Assert.InRange(count.Published!.Value, count.True - CellKeyPerturbation.MaxPerturbation, count.True + CellKeyPerturbation.MaxPerturbation);
            Assert.True(count.Published is 0 or >= CellKeyPerturbation.SmallestPublished);
            Assert.True(count.True > 0 || count.Published == 0);
        });
    }

    [Fact]
    public void The_same_cells_give_the_same_report_in_any_order()
    {
        var cells = Cells(Population(200, seed: 9));
        var shuffled = cells.AsEnumerable().Reverse().ToList();

        var first = StatisticsReportBuilder.Build(cells, NoFilters, Threshold, DateTimeOffset.UnixEpoch);
        var second = StatisticsReportBuilder.Build(shuffled, NoFilters, Threshold, DateTimeOffset.UnixEpoch);

        Assert.Equal(CaseCounts(new Tally(), first).Select(count => count.Published), CaseCounts(new Tally(), second).Select(count => count.Published));
        Assert.Equal(first.Cases.ByMonth, second.Cases.ByMonth);
        Assert.Equal(first.Cases.ByAdmin1, second.Cases.ByAdmin1);
    }

    [Fact]
    public void A_breakdown_cell_holding_every_record_of_the_population_gets_noise_of_its_own_not_the_totals()
    {
        var reports = Enumerable.Range(0, 50)
            .Select(seed => Build(Population(12, seed).Select(contribution => Case(contribution.RecordKey!.Value, sex: "female"))))
            .ToList();

        Assert.Contains(reports, report => report.Cases.BySex["female"] != report.Cases.Total);
    }

    [Fact]
    public void A_cell_whose_records_are_the_same_in_two_populations_gets_noise_of_its_own_in_each()
    {
        var differs = 0;
        for (var seed = 0; seed < 50; seed++)
        {
            var rest = Population(10, seed).Select(contribution => Case(contribution.RecordKey!.Value, sex: contribution.Cell.Admin1[^1] < '5' ? "male" : "female")).ToList();
            var withSurvivor = rest.Append(Case(recordKey: (seed * 37) % 256, admin1: "AZ-TAR", sex: "female"));
            differs += Build(rest).Cases.BySex["male"] != Build(withSurvivor).Cases.BySex["male"] ? 1 : 0;
        }

        Assert.InRange(differs, 10, 50); // the same men, yet their count is not repeated: a changed cell does not mark the survivor's
    }

    [Fact]
    public void By_month_is_a_series_without_gaps_from_the_first_to_the_last_month_published()
    {
        var cases = Enumerable.Range(0, 10).Select(index => Case(recordKey: index * 31, month: "2026-01"))
            .Concat(Enumerable.Range(0, 10).Select(index => Case(recordKey: index * 17, month: "2026-04")));

        var report = Build(cases);

        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], report.Cases.ByMonth.Keys);
        Assert.Equal([0L, 0L], report.Cases.ByMonth.Values.Skip(1).Take(2));
        Assert.All([report.Cases.ByMonth["2026-01"], report.Cases.ByMonth["2026-04"]], count => Assert.InRange(count!.Value, 7, 13));
    }

    [Fact]
    public void The_csv_writes_a_withheld_number_as_an_empty_value_with_the_status_withheld_and_an_hxl_row_on_request()
    {
        var withheld = Build(Enumerable.Range(0, 3).Select(index => Case(recordKey: index)), NoFilters with { Hxl = true });

        var csv = Encoding.UTF8.GetString(StatisticsCsv.Write(withheld));

        Assert.StartsWith(
            "section,dimension,key,admin1,month,value,status\r\n#meta+section,#meta+dimension,#meta+key,#adm1+code,#date+month,#indicator+value+num,#meta+status\r\ncases,total,all,,,,withheld\r\n",
            csv,
            StringComparison.Ordinal);
        Assert.EndsWith("referrals,medianDaysToComplete,all,,,,withheld\r\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("<", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void The_csv_without_hxl_has_the_header_then_the_numbers()
    {
        var report = Build(Enumerable.Range(0, 30).Select(index => Case(recordKey: index * 5)), new StatisticsFilters(null, null, "AZ-AGM", null));

        var lines = Encoding.UTF8.GetString(StatisticsCsv.Write(report)).Split("\r\n");

        Assert.Equal("section,dimension,key,admin1,month,value,status", lines[0]);
        Assert.Equal($"cases,total,all,AZ-AGM,,{report.Cases.Total},published", lines[1]);
        Assert.Equal($"cases,byMonth,2026-03,AZ-AGM,2026-03,{report.Cases.ByMonth["2026-03"]},published", lines[2]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("AZ-AGM", "AZ-AGM")]
    [InlineData("", "")]
    public void A_text_cell_a_spreadsheet_would_evaluate_is_escaped(string cell, string written)
    {
        Assert.Equal(written, StatisticsCsv.Defused(cell));
    }

    [Theory]
    [InlineData(null, null, null, "statistics_earliest_to_latest.csv")]
    [InlineData("2026-01", "2026-03", null, "statistics_2026-01_to_2026-03.csv")]
    [InlineData("2026-01", null, "AZ-AGM", "statistics_AZ-AGM_2026-01_to_latest.csv")]
    public void The_file_name_names_the_period(string? from, string? to, string? admin1, string fileName)
    {
        Assert.Equal(fileName, StatisticsCsv.FileName(new StatisticsFilters(from, to, admin1, null)));
    }

    private static StatisticsReport Build(IEnumerable<CaseContribution> cases, StatisticsFilters? filters = null) =>
        StatisticsReportBuilder.Build(Cells(cases), filters ?? NoFilters, Threshold, DateTimeOffset.UnixEpoch);
}
