using System.Diagnostics;
using System.Net;
using VictimAssistance.Core.Security;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Benchmarks;

/// <summary>
/// The LocalHost, built in the benchmark's own configuration, as a child process on a free loopback port, so its
/// working set is its own. Its console output is drained and dropped.
/// </summary>
public sealed class BenchmarkHost : IAsyncDisposable
{
    private const string SigningKey = "benchmark-only-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz";
    private readonly Process process;
    private readonly CancellationTokenSource sampling = new();
    private readonly Task sampler;
    private long peakWorkingSet;

    private BenchmarkHost(Process process, Uri baseAddress)
    {
        this.process = process;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        sampler = SampleWorkingSetAsync(sampling.Token);
    }

    public HttpClient Client { get; }

    /// <summary>The highest working set seen since the last <see cref="ResetPeakWorkingSet"/>, sampled every 50 ms.</summary>
    public long PeakWorkingSetBytes => Interlocked.Read(ref peakWorkingSet);

    public long WorkingSetBytes
    {
        get
        {
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    public static string Token(string role, string? organization = null, string? providerId = null) =>
        DevelopmentTokens.Create(SigningKey, $"benchmark-{role}", [role], DateTimeOffset.UtcNow, TimeSpan.FromHours(12), organization, providerId);

    public void ResetPeakWorkingSet() => Interlocked.Exchange(ref peakWorkingSet, WorkingSetBytes);

    public static async Task<BenchmarkHost> StartAsync(string repositoryRoot, string storage, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var port = AzuritePorts.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(LocalHostAssembly(repositoryRoot));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["AzureWebJobsStorage"] = storage;
        start.Environment["Auth__DevSigningKey"] = SigningKey;
        start.Environment["Hosting__Mode"] = HostingEnvironmentInfo.DevelopmentMode;
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The LocalHost could not be started.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new BenchmarkHost(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await host.WaitUntilHealthyAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
        sampling.Dispose();
    }

    private static string LocalHostAssembly(string repositoryRoot)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(repositoryRoot, "functions", "VictimAssistance.LocalHost", "bin", configuration, "net10.0", "VictimAssistance.LocalHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the LocalHost in {configuration} first.", path);
    }


    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The LocalHost exited with code {process.ExitCode} during start-up.");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("api/health", UriKind.Relative), deadline.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, deadline.Token).ConfigureAwait(false);
        }
    }

    private async Task SampleWorkingSetAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var current = WorkingSetBytes;
                long seen;
                do
                {
                    seen = Interlocked.Read(ref peakWorkingSet);
                }
                while (current > seen && Interlocked.CompareExchange(ref peakWorkingSet, current, seen) != seen);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (InvalidOperationException)
        {
            // The process has exited.
        }
    }
}
