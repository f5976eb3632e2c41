using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>What a test's queue function does with each message, and what the test can wait for.</summary>
public sealed class QueueProbe
{
    private readonly ConcurrentQueue<QueueMessage> started = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> startWaits = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> finishWaits = [];
    private int finished;
    private int running;
    private int peak;

    /// <summary>The function's body; by default it returns at once.</summary>
    public Func<QueueMessage, CancellationToken, Task> Handle { get; set; } = (_, _) => Task.CompletedTask;

    public IReadOnlyCollection<QueueMessage> Started => started.ToArray();

    public int Running => Volatile.Read(ref running);

    public int PeakRunning => Volatile.Read(ref peak);

    /// <summary>Completes once at least <paramref name="count"/> invocations have started.</summary>
    public Task WhenStarted(int count) => Wait(startWaits, count, () => started.Count);

    /// <summary>Completes once at least <paramref name="count"/> invocations have returned or thrown.</summary>
    public Task WhenFinished(int count) => Wait(finishWaits, count, () => Volatile.Read(ref finished));

    /// <summary>A handler that holds each message until <see cref="Release"/> is called for it.</summary>
    public Task HoldUntilReleased(QueueMessage message, CancellationToken cancellationToken) =>
        gates.GetOrAdd(message.MessageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);

    public void Release(QueueMessage message) =>
        gates.GetOrAdd(message.MessageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async Task RunAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref running);
        InterlockedMax(ref peak, now);
        started.Enqueue(message);
        Signal(startWaits, started.Count);
        try
        {
            await Handle(message, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref running);
            Signal(finishWaits, Interlocked.Increment(ref finished));
        }
    }

    private static Task Wait(List<(int Count, TaskCompletionSource Reached)> waits, int count, Func<int> current)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (waits)
        {
            waits.Add((count, reached));
        }

        Signal(waits, current());
        return reached.Task;
    }

    private static void Signal(List<(int Count, TaskCompletionSource Reached)> waits, int current)
    {
        lock (waits)
        {
            foreach (var (count, reached) in waits.Where(wait => current >= wait.Count))
            {
                reached.TrySetResult();
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
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
