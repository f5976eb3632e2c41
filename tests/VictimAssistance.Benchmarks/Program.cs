using System.Globalization;
using System.Runtime.InteropServices;
using VictimAssistance.Benchmarks;
using VictimAssistance.Benchmarks.Registration;
using VictimAssistance.Benchmarks.Routing;
using VictimAssistance.Benchmarks.Statistics;
using VictimAssistance.Benchmarks.StorageOperations;

// dotnet run -c Release --project tests/VictimAssistance.Benchmarks [-- --only name,name] [--out file.json]
IBenchmark[] benchmarks =
[
    new RegistrationBenchmark(),
    new OfferLatencyBenchmark(),
    new StorageOperationsBenchmark(),
    new StatisticsQueryBenchmark(),
];

var only = Option(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var output = Option(args, "--out")
    ?? Path.Combine("TestResults", "benchmarks", string.Create(CultureInfo.InvariantCulture, $"benchmarks-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json"));
var selected = benchmarks.Where(benchmark => only is null || only.Contains(benchmark.Name, StringComparer.OrdinalIgnoreCase)).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"No benchmark selected; the names are: {string.Join(", ", benchmarks.Select(benchmark => benchmark.Name))}");
    return 2;
}

// Ctrl+C or a SIGTERM cancels the run, so Azurite and the LocalHost it started are stopped, not left behind.
using var cancel = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    cancel.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var figures = new List<Figure>();
try
{
    foreach (var benchmark in selected)
    {
        Console.WriteLine($"Running {benchmark.Name} ...");
        await using var run = await BenchmarkRun.StartAsync(cancel.Token);
        var measured = await benchmark.RunAsync(run, cancel.Token);
        figures.AddRange(measured);
        FigureReport.Print(measured, Console.Out);
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; no figures written.");
    return 130;
}

Console.WriteLine();
FigureReport.Print(figures, Console.Out);
await FigureReport.WriteJsonAsync(figures, output, cancel.Token);
Console.WriteLine($"Figures written to {Path.GetFullPath(output)}");
return 0;

static string? Option(string[] arguments, string name)
{
    var index = Array.IndexOf(arguments, name);
    return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : null;
}
