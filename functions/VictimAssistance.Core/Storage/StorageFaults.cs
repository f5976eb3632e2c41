using Azure;

namespace VictimAssistance.Core.Storage;

public static class StorageFaults
{
    /// <summary>
    /// True for faults of the storage service or the network to it (as opposed to a precondition or conflict
    /// that the caller's request caused): these become 503 with Retry-After, or a queue retry.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        HttpRequestException or IOException or TimeoutException => true,
        TaskCanceledException cancelled => cancelled.InnerException is TimeoutException,
        _ => false,
    };

    /// <summary>
    /// Any failure of a storage call, including refusals such as a missing table: what a background worker
    /// retries later and a health check reports as unhealthy.
    /// </summary>
    public static bool IsStorageFailure(Exception exception) => exception is RequestFailedException || IsUnavailable(exception);
}
