using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VictimAssistance.Core.Storage;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>
/// One <see cref="QueueFunctionListener"/> on a queue of its own in a real Azurite, running one of the
/// <see cref="QueueProbeFunctions"/>, with everything the listener reports recorded: a test waits on what it
/// expects and fails at once, with the function's own exception, if the function throws instead.
/// </summary>
public sealed class ListenerHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly QueueFunctionListener listener;

    public ListenerHarness(AzuriteFixture azurite, string functionName, QueueHostOptions settings, TimeProvider? time = null)
    {
        QueueName = $"test-{Guid.NewGuid():N}";
        ConnectionString = azurite.ConnectionString;
        services = new ServiceCollection()
            .AddSingleton(Probe)
            .AddSingleton<IListenerObserver>(Observed)
            .AddSingleton(new StorageAccountSettings(azurite.ConnectionString, null, null, null, null))
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<ListenerQueues>()
            .AddSingleton<FunctionInvoker>()
            .BuildServiceProvider();
        var function = FunctionCatalog.Discover([typeof(QueueProbeFunctions)]).Single(candidate => candidate.Name == functionName);
        listener = ActivatorUtilities.CreateInstance<QueueFunctionListener>(services, function, QueueName, settings, time ?? TimeProvider.System);
        Queue = azurite.Storage.Queue(QueueName);
        Poison = azurite.Storage.Queue(QueueNames.Poison(QueueName));
    }

    public QueueProbe Probe { get; } = new();

    public string QueueName { get; }

    public string ConnectionString { get; }

    /// <summary>The queue, through the app's own (base64) client.</summary>
    public QueueClient Queue { get; }

    public QueueClient Poison { get; }

    public ObservedListener Observed { get; } = new();

    public static QueueHostOptions Settings(int batchSize = 16, int newBatchThreshold = 8, int maxDequeueCount = 5) => new()
    {
        BatchSize = batchSize,
        NewBatchThreshold = newBatchThreshold,
        MaxDequeueCount = maxDequeueCount,
        VisibilityTimeout = TimeSpan.Zero,
        MaxPollingInterval = TimeSpan.FromMilliseconds(200),
    };

    public async Task StartAsync()
    {
        await Queue.CreateIfNotExistsAsync();
        await listener.StartAsync(CancellationToken.None);
    }

    /// <summary>Stops polling and waits for every running invocation to end, as the host's listener does.</summary>
    public Task StopAsync() => listener.StopAsync(CancellationToken.None);

    /// <summary>Waits for <paramref name="expected"/>; rethrows the first exception a function threw if that comes first.</summary>
    public Task UntilAsync(Task expected) => Observed.UntilAsync(expected);

    /// <summary>All messages in a queue, invisible ones included; 0 when the queue does not exist.</summary>
    public static async Task<int> CountAsync(QueueClient queue)
    {
        try
        {
            return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>The messages visible in a queue; none when the queue does not exist.</summary>
    public static async Task<Azure.Storage.Queues.Models.PeekedMessage[]> PeekAsync(QueueClient queue) =>
        await CountAsync(queue) > 0 ? (await queue.PeekMessagesAsync(32)).Value : [];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        listener.Dispose();
        await services.DisposeAsync();
    }
}
