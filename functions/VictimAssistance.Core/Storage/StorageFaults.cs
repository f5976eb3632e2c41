using Azure;

namespace VictimAssistance.Core.Storage;

public static class StorageFaults
{
    /// <summary>
    /// True for faults of the storage service or the network to it (as opposed to a precondition or conflict
    /// that the caller's request caused): these become 503 with Retry-After, or a queue retry.
    /// </summary>
    /// <param name="callerToken">
    /// The token the caller passed to the storage call. A cancellation the caller did not ask for is the storage
    /// client's own network timeout (see <see cref="StorageClients"/>): storage did not answer in time.
    /// </param>
    public static bool IsUnavailable(Exception exception, CancellationToken callerToken) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.All(inner => IsUnavailable(inner, callerToken)),
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// Any failure of a storage call, including refusals such as a missing table: what a background worker
    /// retries later and a health check reports as unhealthy.
    /// </summary>
    public static bool IsStorageFailure(Exception exception, CancellationToken callerToken) =>
        exception is RequestFailedException || IsUnavailable(exception, callerToken);
}
