using System.Runtime.ExceptionServices;
using Azure.Storage.Queues.Models;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>
/// Everything a LocalHost listener reports, recorded for a test to wait on; a wait fails at once with the
/// function's own exception (an assertion inside it, say) when the function throws before the awaited event.
/// </summary>
public sealed class ObservedListener : IListenerObserver
{
    public Recorded<Exception> Failures { get; } = new();

    public Recorded<QueueMessage> Renewals { get; } = new();

    public Recorded<DateTime> TimerWaits { get; } = new();

    public async Task UntilAsync(Task expected)
    {
        var failed = Failures.WhenCount(1);
        if (await Task.WhenAny(expected, failed).WaitAsync(Patience.Bound) == failed)
        {
            ExceptionDispatchInfo.Throw(Failures.Items[0]);
        }

        await expected;
    }

    public void OnFunctionFailed(string functionName, Exception exception) => Failures.Add(exception);

    public void OnLeaseRenewed(string functionName, QueueMessage renewed) => Renewals.Add(renewed);

    public void OnTimerWaiting(string functionName, DateTime nextOccurrence) => TimerWaits.Add(nextOccurrence);
}
