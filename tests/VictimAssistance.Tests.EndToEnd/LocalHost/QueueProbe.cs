using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>What a test's queue function does with each message, and what the test can wait for.</summary>
public sealed class QueueProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new();
    private int running;
    private int peak;

    /// <summary>The function's body; by default it returns at once.</summary>
    public Func<QueueMessage, CancellationToken, Task> Handle { get; set; } = (_, _) => Task.CompletedTask;

    public Recorded<QueueMessage> Started { get; } = new();

    public Recorded<QueueMessage> Finished { get; } = new();

    public int Running => Volatile.Read(ref running);

    public int PeakRunning => Volatile.Read(ref peak);

    /// <summary>A handler that holds each message until <see cref="Release"/> is called for it.</summary>
    public Task HoldUntilReleased(QueueMessage message, CancellationToken cancellationToken) => Gate(message).Task.WaitAsync(cancellationToken);

    public void Release(QueueMessage message) => Gate(message).TrySetResult();

    public async Task RunAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref running);
        for (var seen = Volatile.Read(ref peak); now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen; seen = Volatile.Read(ref peak))
        {
        }

        Started.Add(message);
        try
        {
            await Handle(message, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref running);
            Finished.Add(message);
        }
    }

    private TaskCompletionSource Gate(QueueMessage message) =>
        gates.GetOrAdd(message.MessageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>The queue functions the listener tests run; the queue name in the attribute is replaced by each test's own.</summary>
public sealed class QueueProbeFunctions(QueueProbe probe)
{
    [Function("ProbeMessage")]
    public Task ProbeMessage([QueueTrigger("probe")] QueueMessage message, CancellationToken cancellationToken) =>
        probe.RunAsync(message, cancellationToken);

    [Function("ProbeText")]
    public Task ProbeText([QueueTrigger("probe")] string text, CancellationToken cancellationToken) =>
        probe.RunAsync(QueuesModelFactory.QueueMessage("text", "text", text, 1), cancellationToken);
}
