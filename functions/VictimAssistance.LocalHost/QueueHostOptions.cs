namespace VictimAssistance.LocalHost;

/// <summary>host.json <c>extensions.queues</c>, with the Functions host's defaults.</summary>
public sealed class QueueHostOptions
{
    public const string SectionName = "AzureFunctionsJobHost:extensions:queues";

    public int BatchSize { get; set; } = 16;

    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string MessageEncoding { get; set; } = "base64";
}
