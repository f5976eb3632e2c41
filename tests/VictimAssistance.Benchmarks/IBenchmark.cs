namespace VictimAssistance.Benchmarks;

/// <summary>One measurement of the app against its raw storage baseline, run against the run's own Azurite.</summary>
public interface IBenchmark
{
    string Name { get; }

    Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run, CancellationToken cancellationToken);
}
