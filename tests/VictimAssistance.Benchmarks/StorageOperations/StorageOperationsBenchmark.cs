using System.Diagnostics;
using VictimAssistance.Benchmarks.Registration;
using VictimAssistance.Benchmarks.Routing;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Benchmarks.StorageOperations;

/// <summary>
/// The storage requests one registration with one referral costs, from the request through the outbox to the
/// offer, counted by a proxy between the app and Azurite; the queue polling of an idle app over the same time
/// is subtracted. The raw baseline is the two requests of the registration itself (an enqueue, a transaction).
/// </summary>
public sealed class StorageOperationsBenchmark : IBenchmark
{
    private const int Registrations = 40;
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);

    public string Name => "storage-operations";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var ports = run.Ports ?? throw new InvalidOperationException($"{Name} counts requests through a proxy in front of Azurite; run it without {BenchmarkRun.StorageVariable}.");
        await using var proxy = await CountingStorageProxy.StartAsync(ports.Table, ports.Queue, cancellationToken).ConfigureAwait(false);
        var proxied = run.StorageConnectionString
            .Replace($":{ports.Table}/", $":{proxy.TablePort}/", StringComparison.Ordinal)
            .Replace($":{ports.Queue}/", $":{proxy.QueuePort}/", StringComparison.Ordinal);
        var host = await run.StartHostAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = proxied }, cancellationToken).ConfigureAwait(false);
        await OfferLatencyBenchmark.PutProviderAsync(host.Client, cancellationToken).ConfigureAwait(false);
        await WhenQueuesDrainedAsync(run, cancellationToken).ConfigureAwait(false);

        proxy.TakeCounts();
        await Task.Delay(IdleWindow, cancellationToken).ConfigureAwait(false);
        var idle = proxy.TakeCounts();

        var seed = SeedCase.Load(run.RepositoryRoot);
        var token = BenchmarkHost.Token("caseworker", organization: "org-benchmark");
        var started = Stopwatch.GetTimestamp();
        for (var registration = 0; registration < Registrations; registration++)
        {
            await seed.RegisterAsync(host.Client, token, cancellationToken).ConfigureAwait(false);
        }

        await WhenQueuesDrainedAsync(run, cancellationToken).ConfigureAwait(false);
        var busy = proxy.TakeCounts();
        var idleShare = Stopwatch.GetElapsedTime(started) / IdleWindow;

        var perRegistration = busy.Keys.Union(idle.Keys)
            .Select(key => (Key: key, Count: (busy.GetValueOrDefault(key) - (idle.GetValueOrDefault(key) * idleShare)) / Registrations))
            .Where(item => item.Count >= 0.05)
            .OrderBy(item => item.Key, StringComparer.Ordinal)
            .ToList();
        return
        [
            new(Name, "storage requests per registration", perRegistration.Sum(item => item.Count), "req", Baseline: 2),
            .. perRegistration.Select(item => new Figure(Name, item.Key, item.Count, "req")),
        ];
    }

    /// <summary>Waits until the app's queues (read straight from Azurite, not through the proxy) stay empty for two seconds.</summary>
    private static async Task WhenQueuesDrainedAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var quietSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(quietSince) < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            foreach (var name in QueueNames.All)
            {
                var queue = run.Queues.GetQueueClient(name);
                if (await queue.ExistsAsync(cancellationToken).ConfigureAwait(false)
                    && (await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount > 0)
                {
                    quietSince = Stopwatch.GetTimestamp();
                }
            }
        }
    }
}
