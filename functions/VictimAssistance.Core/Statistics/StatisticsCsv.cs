using System.Globalization;
using System.Text;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// The statistics as RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote or line break):
/// <c>section,dimension,key,count</c>, one row per published number; a suppressed number is written
/// <c>&lt;{threshold}</c>.
/// </summary>
public static class StatisticsCsv
{
    public static byte[] Write(StatisticsReport report)
    {
        var csv = new StringBuilder();
        Row(csv, "section", "dimension", "key", "count");
        var threshold = report.SuppressionThreshold;
        var cases = report.Cases;
        Row(csv, "cases", "total", "all", Number(cases.Total, threshold));
        foreach (var (dimension, cells) in new[]
        {
            ("bySex", cases.BySex), ("byAgeGroup", cases.ByAgeGroup), ("byDisability", cases.ByDisability),
            ("byDeviceType", cases.ByDeviceType), ("byCivilianStatus", cases.ByCivilianStatus), ("byAdmin1", cases.ByAdmin1),
            ("byVictimType", cases.ByVictimType), ("byStatus", cases.ByStatus),
        })
        {
            Cells(csv, "cases", dimension, cells, threshold);
        }

        var referrals = report.Referrals;
        Row(csv, "referrals", "total", "all", Number(referrals.Total, threshold));
        foreach (var (serviceType, cells) in referrals.ByServiceType)
        {
            Cells(csv, "referrals", $"byServiceType.{serviceType}", cells, threshold);
        }

        Row(csv, "referrals", "medianHoursToAccept", "all", Number(referrals.MedianHoursToAccept, threshold));
        Row(csv, "referrals", "medianDaysToComplete", "all", Number(referrals.MedianDaysToComplete, threshold));
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(csv.ToString());
    }

    /// <summary>Names the period (and area) the figures cover, e.g. statistics_2026-01_to_2026-03.csv.</summary>
    public static string FileName(StatisticsFilters filters)
    {
        var period = $"{filters.From ?? "earliest"}_to_{filters.To ?? "latest"}";
        return filters.Admin1 is null ? $"statistics_{period}.csv" : $"statistics_{filters.Admin1}_{period}.csv";
    }

    private static void Cells(StringBuilder csv, string section, string dimension, IReadOnlyDictionary<string, long?> cells, int threshold)
    {
        foreach (var (key, count) in cells)
        {
            Row(csv, section, dimension, key, Number(count, threshold));
        }
    }

    private static string Number(long? value, int threshold) => value is { } known ? known.ToString(CultureInfo.InvariantCulture) : Suppressed(threshold);

    private static string Number(double? value, int threshold) => value is { } known ? known.ToString("R", CultureInfo.InvariantCulture) : Suppressed(threshold);

    private static string Suppressed(int threshold) => "<" + threshold.ToString(CultureInfo.InvariantCulture);

    private static void Row(StringBuilder csv, params string[] fields) =>
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
