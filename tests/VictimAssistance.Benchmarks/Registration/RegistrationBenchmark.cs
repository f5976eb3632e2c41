namespace VictimAssistance.Benchmarks.Registration;

/// <summary>
/// `POST /api/cases` through the LocalHost against the same storage work done directly with the SDKs: latency
/// percentiles with one client and with eight, throughput with eight, and the app's working set. App and
/// baseline alternate in rounds so that drift of a shared machine falls on both.
/// </summary>
public sealed class RegistrationBenchmark : IBenchmark
{
    private const int Rounds = 4;
    private const int SingleClientRequestsPerRound = 75;
    private const int ConcurrentClients = 8;
    private const int ConcurrentRequestsPerClientPerRound = 25;

    public string Name => "registration";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var seed = SeedCase.Load(run.RepositoryRoot);
        var host = await run.StartHostAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var raw = await RawRegistration.CreateAsync(run, seed.Details, cancellationToken).ConfigureAwait(false);
        var token = BenchmarkHost.Token("caseworker", organization: "org-benchmark");
        Task App(CancellationToken cancel) => seed.RegisterAsync(host.Client, token, cancel);

        await Load.RunAsync(ConcurrentClients, 10, App, cancellationToken).ConfigureAwait(false);
        await Load.RunAsync(ConcurrentClients, 10, raw.RegisterAsync, cancellationToken).ConfigureAwait(false);
        var idleWorkingSet = host.WorkingSetBytes;

        var single = await AlternateAsync(1, SingleClientRequestsPerRound, App, raw.RegisterAsync, cancellationToken).ConfigureAwait(false);
        host.ResetPeakWorkingSet();
        var concurrent = await AlternateAsync(ConcurrentClients, ConcurrentRequestsPerClientPerRound, App, raw.RegisterAsync, cancellationToken).ConfigureAwait(false);
        var peakWorkingSet = host.PeakWorkingSetBytes;

        return
        [
            new(Name, "1 client p50", single.App.Percentile(50), "ms", single.Raw.Percentile(50), Goal: 1.0),
            new(Name, "1 client p99", single.App.Percentile(99), "ms", single.Raw.Percentile(99), Goal: 2.0),
            new(Name, "8 clients p50", concurrent.App.Percentile(50), "ms", concurrent.Raw.Percentile(50), Goal: 1.0),
            new(Name, "8 clients p99", concurrent.App.Percentile(99), "ms", concurrent.Raw.Percentile(99), Goal: 2.0),
            new(Name, "8 clients per second", concurrent.AppPerSecond, "1/s", concurrent.RawPerSecond),
            new(Name, "working set idle", Megabytes(idleWorkingSet), "MB"),
            new(Name, "working set peak, 8 clients", Megabytes(peakWorkingSet), "MB", Goal: 200),
        ];
    }

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);

    private static async Task<Comparison> AlternateAsync(int clients, int requestsPerClient, Func<CancellationToken, Task> app, Func<CancellationToken, Task> raw, CancellationToken cancellationToken)
    {
        var comparison = new Comparison();
        for (var round = 0; round < Rounds; round++)
        {
            comparison.AddApp(await Load.RunAsync(clients, requestsPerClient, app, cancellationToken).ConfigureAwait(false));
            comparison.AddRaw(await Load.RunAsync(clients, requestsPerClient, raw, cancellationToken).ConfigureAwait(false));
        }

        return comparison;
    }

    private sealed class Comparison
    {
        private TimeSpan appElapsed;
        private TimeSpan rawElapsed;

        public Latencies App { get; } = new();

        public Latencies Raw { get; } = new();

        public double AppPerSecond => App.Count / appElapsed.TotalSeconds;

        public double RawPerSecond => Raw.Count / rawElapsed.TotalSeconds;

        public void AddApp(Load.Result result)
        {
            App.AddAll(result.Latencies);
            appElapsed += result.Elapsed;
        }

        public void AddRaw(Load.Result result)
        {
            Raw.AddAll(result.Latencies);
            rawElapsed += result.Elapsed;
        }
    }
}
