using System.Diagnostics;

namespace VictimAssistance.Benchmarks;

/// <summary>Runs an operation from a number of concurrent clients, each one request after the other.</summary>
public static class Load
{
    public sealed record Result(Latencies Latencies, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(int clients, int requestsPerClient, Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var latencies = new Latencies();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var request = 0; request < requestsPerClient; request++)
            {
                await latencies.TimeAsync(async () =>
                {
                    await operation(cancellationToken).ConfigureAwait(false);
                    return true;
                }).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        return new Result(latencies, Stopwatch.GetElapsedTime(started));
    }
}
