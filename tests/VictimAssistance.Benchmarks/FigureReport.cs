using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VictimAssistance.Benchmarks;

/// <summary>The run's figures as a table on the console and as JSON, so runs can be compared.</summary>
public static class FigureReport
{
    public static void Print(IReadOnlyList<Figure> figures, TextWriter output)
    {
        output.WriteLine($"{"benchmark",-24} {"measure",-34} {"value",12} {"baseline",12} {"ratio",7} {"goal",7}  met");
        foreach (var figure in figures)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{figure.Benchmark,-24} {figure.Measure,-34} {Format(figure.Value, figure.Unit),12} {Format(figure.Baseline, figure.Unit),12} {Format(figure.Ratio),7} {Format(figure.Goal),7}  {Met(figure.MeetsGoal)}"));
        }
    }

    public static async Task WriteJsonAsync(IReadOnlyList<Figure> figures, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var report = new BenchmarkReport(DateTimeOffset.UtcNow, Environment.ProcessorCount, Environment.OSVersion.ToString(), figures.Select(FigureRow.From).ToList());
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, BenchmarkJson.Default.BenchmarkReport, cancellationToken).ConfigureAwait(false);
    }

    private static string Format(double? value, string unit = "") =>
        value is { } number ? string.Create(CultureInfo.InvariantCulture, $"{number:0.###}{(unit.Length > 0 ? " " + unit : "")}") : "";

    private static string Met(bool? meets) => meets switch { true => "yes", false => "NO", null => "" };
}

public sealed record FigureRow(string Benchmark, string Measure, double Value, string Unit, double? Baseline, double? Ratio, double? Goal, bool? MeetsGoal)
{
    public static FigureRow From(Figure figure) =>
        new(figure.Benchmark, figure.Measure, figure.Value, figure.Unit, figure.Baseline, figure.Ratio, figure.Goal, figure.MeetsGoal);
}

public sealed record BenchmarkReport(DateTimeOffset RunAt, int ProcessorCount, string OperatingSystem, IReadOnlyList<FigureRow> Figures);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(BenchmarkReport))]
public sealed partial class BenchmarkJson : JsonSerializerContext;
