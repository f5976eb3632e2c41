using System.Diagnostics;

namespace VictimAssistance.Benchmarks;

/// <summary>Latency samples in milliseconds, with nearest-rank percentiles.</summary>
public sealed class Latencies
{
    private readonly List<double> samples = [];
    private readonly Lock gate = new();

    public int Count => samples.Count;

    public async Task<T> TimeAsync<T>(Func<Task<T>> operation)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await operation().ConfigureAwait(false);
        Add(Stopwatch.GetElapsedTime(started));
        return result;
    }

    public void Add(TimeSpan elapsed)
    {
        lock (gate)
        {
            samples.Add(elapsed.TotalMilliseconds);
        }
    }

    public void AddAll(Latencies other)
    {
        double[] copied;
        lock (other.gate)
        {
            copied = [.. other.samples];
        }

        lock (gate)
        {
            samples.AddRange(copied);
        }
    }

    public double Percentile(double percent)
    {
        lock (gate)
        {
            if (samples.Count == 0)
            {
                throw new InvalidOperationException("No samples.");
            }

            var sorted = samples.Order().ToArray();
            var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}
