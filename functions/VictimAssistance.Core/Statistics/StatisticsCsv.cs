using System.Globalization;
using System.Text;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// The statistics as RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote or line break),
/// one row per published number: <c>section,dimension,key,admin1,month,value,status</c>. A withheld number has
/// an empty <c>value</c> and the status <c>withheld</c>; with <see cref="StatisticsFilters.Hxl"/> an HXL hashtag
/// row follows the header. Every text cell that a spreadsheet would read as a formula is escaped (OWASP CSV injection).
/// </summary>
public static class StatisticsCsv
{
    public const string Published = "published";
    public const string Withheld = "withheld";

    public static readonly IReadOnlyList<string> Header = ["section", "dimension", "key", "admin1", "month", "value", "status"];
    public static readonly IReadOnlyList<string> Hashtags = ["#meta+section", "#meta+dimension", "#meta+key", "#adm1+code", "#date+month", "#indicator+value+num", "#meta+status"];

    public static byte[] Write(StatisticsReport report)
    {
        var csv = new StringBuilder();
        Row(csv, Header);
        if (report.Filters.Hxl)
        {
            Row(csv, Hashtags);
        }

        var admin1 = report.Filters.Admin1;
        var cases = report.Cases;
        Number(csv, "cases", "total", "all", admin1, null, cases.Total);
        foreach (var (month, count) in cases.ByMonth)
        {
            Number(csv, "cases", "byMonth", month, admin1, month, count);
        }

        foreach (var (dimension, cells) in new[]
        {
            ("bySex", cases.BySex), ("byAgeGroup", cases.ByAgeGroup), ("byDisability", cases.ByDisability),
            ("byDeviceType", cases.ByDeviceType), ("byCivilianStatus", cases.ByCivilianStatus),
            ("byVictimType", cases.ByVictimType), ("byStatus", cases.ByStatus),
        })
        {
            Cells(csv, "cases", dimension, admin1, cells);
        }

        foreach (var (dimension, table) in new[] { ("bySexAndAgeGroup", cases.BySexAndAgeGroup), ("bySexAndDisability", cases.BySexAndDisability) })
        {
            foreach (var (sex, cells) in table)
            {
                Cells(csv, "cases", $"{dimension}.{sex}", admin1, cells);
            }
        }

        foreach (var (area, count) in cases.ByAdmin1)
        {
            Number(csv, "cases", "byAdmin1", area, area, null, count);
        }

        var referrals = report.Referrals;
        Number(csv, "referrals", "total", "all", admin1, null, referrals.Total);
        foreach (var (serviceType, cells) in referrals.ByServiceType)
        {
            Cells(csv, "referrals", $"byServiceType.{serviceType}", admin1, cells);
        }

        Row(csv, "referrals", "medianHoursToAccept", "all", admin1, null, Text(referrals.MedianHoursToAccept));
        Row(csv, "referrals", "medianDaysToComplete", "all", admin1, null, Text(referrals.MedianDaysToComplete));
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(csv.ToString());
    }

    /// <summary>Names the period (and area) the figures cover, e.g. statistics_2026-01_to_2026-03.csv.</summary>
    public static string FileName(StatisticsFilters filters)
    {
        var period = $"{filters.From ?? "earliest"}_to_{filters.To ?? "latest"}";
        return filters.Admin1 is null ? $"statistics_{period}.csv" : $"statistics_{filters.Admin1}_{period}.csv";
    }

    /// <summary>
    /// OWASP CSV injection: a cell beginning with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return
    /// is prefixed with a single quote, so a spreadsheet shows it as text instead of evaluating it.
    /// </summary>
    public static string Defused(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static void Cells(StringBuilder csv, string section, string dimension, string? admin1, IReadOnlyDictionary<string, long?> cells)
    {
        foreach (var (key, count) in cells)
        {
            Number(csv, section, dimension, key, admin1, null, count);
        }
    }

    private static void Number(StringBuilder csv, string section, string dimension, string key, string? admin1, string? month, long? count) =>
        Row(csv, section, dimension, key, admin1, month, count?.ToString(CultureInfo.InvariantCulture));

    private static string? Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A data row: text cells defused, the value written as the invariant number it is, or empty and withheld.</summary>
    private static void Row(StringBuilder csv, string section, string dimension, string key, string? admin1, string? month, string? value) =>
        Row(csv, [Defused(section), Defused(dimension), Defused(key), Defused(admin1 ?? string.Empty), Defused(month ?? string.Empty), value ?? string.Empty, value is null ? Withheld : Published]);

    private static void Row(StringBuilder csv, IEnumerable<string> fields) =>
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
