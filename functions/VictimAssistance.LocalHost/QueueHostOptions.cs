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

    public int BatchSize { get; init; } = 16;

    /// <summary>How many in-flight messages let the listener fetch the next batch.</summary>
    public int NewBatchThreshold { get; init; } = 8;

    public int MaxDequeueCount { get; init; } = 5;

    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Reads and checks the section; a value the host would refuse stops the start-up.</summary>
    public static QueueHostOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var batchSize = Value(section, "batchSize", 16);
        // SkuUtility: the host counts one processor on a Dynamic (Consumption) SKU, otherwise all of them.
        var processors = string.Equals(configuration["WEBSITE_SKU"], "Dynamic", StringComparison.OrdinalIgnoreCase) ? 1 : Environment.ProcessorCount;
        var options = new QueueHostOptions
        {
            BatchSize = batchSize,
            NewBatchThreshold = Value(section, "newBatchThreshold", batchSize / 2 * processors),
            MaxDequeueCount = Value(section, "maxDequeueCount", 5),
            VisibilityTimeout = Value(section, "visibilityTimeout", TimeSpan.Zero),
            MaxPollingInterval = Value(section, "maxPollingInterval", TimeSpan.FromMinutes(1)),
        };
        var encoding = section["messageEncoding"] ?? "base64";

        Refuse(options.BatchSize is < 1 or > MaxBatchSize, $"batchSize is {options.BatchSize}; the host accepts 1 to {MaxBatchSize}.");
        Refuse(options.NewBatchThreshold < 0, $"newBatchThreshold is {options.NewBatchThreshold}; the host refuses a negative value.");
        Refuse(options.MaxDequeueCount < 1, $"maxDequeueCount is {options.MaxDequeueCount}; the host refuses less than 1.");
        Refuse(options.MaxPollingInterval < MinimumPollingInterval, $"maxPollingInterval is {options.MaxPollingInterval}; the host refuses less than {MinimumPollingInterval}.");
        Refuse(
            !string.Equals(encoding, "base64", StringComparison.OrdinalIgnoreCase),
            $"messageEncoding is '{encoding}', but the app's QueueClients use base64: they must agree.");
        return options;
    }

    private static T Value<T>(IConfigurationSection section, string key, T fallback)
    {
        try
        {
            return section.GetValue(key, fallback)!;
        }
        catch (InvalidOperationException)
        {
            throw new LocalHostStartupException($"host.json extensions.queues: {key} '{section[key]}' is not a valid {typeof(T).Name}.");
        }
    }

    private static void Refuse(bool refused, string reason)
    {
        if (refused)
        {
            throw new LocalHostStartupException($"host.json extensions.queues: {reason}");
        }
    }
}
