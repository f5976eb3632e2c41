using Microsoft.Extensions.Configuration;

namespace VictimAssistance.Core.Notifications;

/// <summary>
/// How many times the host delivers a queue message before it moves it to the poison queue: host.json
/// <c>extensions.queues.maxDequeueCount</c> (the host's default is 5), as the host reads it.
/// </summary>
public sealed record QueueAttempts(int MaxDequeueCount)
{
    public const string MaxDequeueCountKey = "AzureFunctionsJobHost:extensions:queues:maxDequeueCount";

    public static QueueAttempts FromConfiguration(IConfiguration configuration) => new(configuration.GetValue(MaxDequeueCountKey, 5));

    public bool IsLast(long dequeueCount) => dequeueCount >= MaxDequeueCount;
}
