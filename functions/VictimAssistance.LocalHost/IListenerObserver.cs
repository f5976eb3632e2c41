using Azure.Storage.Queues.Models;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Hears what the LocalHost does out of a caller's sight: a function that threw (so a test fails with the
/// function's own message at once, instead of waiting for retries to run out), a queue message whose lease was
/// renewed while its function ran, and a timer that has started waiting for its next occurrence. Register any
/// number in DI; each is called synchronously and must return quickly.
/// </summary>
public interface IListenerObserver
{
    void OnFunctionFailed(string functionName, Exception exception)
    {
    }

    void OnLeaseRenewed(string functionName, QueueMessage renewed)
    {
    }

    void OnTimerWaiting(string functionName, DateTime nextOccurrence)
    {
    }
}
