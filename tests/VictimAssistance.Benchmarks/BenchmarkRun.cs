using Azure.Data.Tables;
using Azure.Storage.Queues;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Benchmarks;

/// <summary>
/// A fresh in-memory Azurite for one benchmark (or the storage account that <see cref="StorageVariable"/> names),
/// raw SDK clients on it (the baseline, with default options), and the app's LocalHost started against it as a
/// child process.
/// </summary>
public sealed class BenchmarkRun : IAsyncDisposable
{
    /// <summary>
    /// The connection string of a storage account to measure against instead of Azurite: a dedicated, empty one,
    /// since the benchmarks leave their data in it.
    /// </summary>
    public const string StorageVariable = "VA_BENCHMARK_STORAGE";

    private readonly AzuriteProcess? azurite;
    private readonly List<BenchmarkHost> hosts = [];

    private BenchmarkRun(string repositoryRoot, string storageConnectionString, AzuriteProcess? azurite)
    {
        RepositoryRoot = repositoryRoot;
        StorageConnectionString = storageConnectionString;
        this.azurite = azurite;
        Tables = new TableServiceClient(storageConnectionString);
        Queues = new QueueServiceClient(storageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    public string RepositoryRoot { get; }

    public string StorageConnectionString { get; }

    /// <summary>The Azurite's loopback ports; null when the run measures the account of <see cref="StorageVariable"/>.</summary>
    public AzuritePorts? Ports => azurite?.Ports;

    public TableServiceClient Tables { get; }

    /// <summary>Base64 message encoding, as the app's queues use.</summary>
    public QueueServiceClient Queues { get; }

    public static async Task<BenchmarkRun> StartAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryLayout.FindRoot();
        if (Environment.GetEnvironmentVariable(StorageVariable) is { Length: > 0 } account)
        {
            return new BenchmarkRun(root, account, azurite: null);
        }

        var azurite = await AzuriteProcess.StartAsync(root, AzuritePorts.Free(), location: null, cancellationToken).ConfigureAwait(false);
        return new BenchmarkRun(root, azurite.ConnectionString, azurite);
    }

    /// <param name="settings">Settings on top of the defaults, as environment variables (`__` for `:`).</param>
    public async Task<BenchmarkHost> StartHostAsync(IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var host = await BenchmarkHost.StartAsync(RepositoryRoot, StorageConnectionString, settings ?? new Dictionary<string, string?>(), cancellationToken).ConfigureAwait(false);
        hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }

        azurite?.Dispose();
    }
}
