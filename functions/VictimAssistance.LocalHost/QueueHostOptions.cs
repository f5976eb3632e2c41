namespace VictimAssistance.LocalHost;

/// <summary>
/// host.json <c>extensions.queues</c> with the host's defaults and the host's refusals (QueuesOptions in
/// Microsoft.Azure.WebJobs.Extensions.Storage.Queues): batchSize 1 to 32, newBatchThreshold not negative
/// (default batchSize/2 per processor, one processor on a Dynamic SKU), maxDequeueCount at least 1,
/// maxPollingInterval at least 100 ms; messageEncoding must be base64, as the app's QueueClients are.
/// </summary>
public sealed class QueueHostOptions
{
    public const string SectionName = "AzureFunctionsJobHost:extensions:queues";
    public const int MaxBatchSize = 32;
    public static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    private int? newBatchThreshold;

    public int BatchSize { get; set; } = 16;

    /// <summary>How many in-flight messages let the listener fetch the next batch; unset, batchSize/2 per counted processor.</summary>
    public int NewBatchThreshold
    {
        get => newBatchThreshold ?? BatchSize / 2 * ProcessorsCounted;
        set => newBatchThreshold = value;
    }

    /// <summary>The processors the host counts (SkuUtility): one on a Dynamic (Consumption) SKU, otherwise all.</summary>
    public int ProcessorsCounted { get; private set; } = Environment.ProcessorCount;

    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string MessageEncoding { get; set; } = "base64";

    /// <summary>Reads and checks the section; a value the host would refuse stops the start-up.</summary>
    public static QueueHostOptions Read(IConfiguration configuration)
    {
        QueueHostOptions options;
        try
        {
            options = configuration.GetSection(SectionName).Get<QueueHostOptions>() ?? new QueueHostOptions();
            options.ProcessorsCounted = string.Equals(configuration["WEBSITE_SKU"], "Dynamic", StringComparison.OrdinalIgnoreCase) ? 1 : Environment.ProcessorCount;
        }
        catch (InvalidOperationException exception)
        {
            throw new LocalHostStartupException($"host.json extensions.queues: {exception.Message}");
        }

        Refuse(options.BatchSize is < 1 or > MaxBatchSize, $"batchSize is {options.BatchSize}; the host accepts 1 to {MaxBatchSize}.");
        Refuse(options.NewBatchThreshold < 0, $"newBatchThreshold is {options.NewBatchThreshold}; the host refuses a negative value.");
        Refuse(options.MaxDequeueCount < 1, $"maxDequeueCount is {options.MaxDequeueCount}; the host refuses less than 1.");
        Refuse(options.MaxPollingInterval < MinimumPollingInterval, $"maxPollingInterval is {options.MaxPollingInterval}; the host refuses less than {MinimumPollingInterval}.");
        Refuse(
            !string.Equals(options.MessageEncoding, "base64", StringComparison.OrdinalIgnoreCase),
            $"messageEncoding is '{options.MessageEncoding}', but the app's QueueClients use base64: they must agree.");
        return options;
    }

    private static void Refuse(bool refused, string reason)
    {
        if (refused)
        {
            throw new LocalHostStartupException($"host.json extensions.queues: {reason}");
        }
    }
}
