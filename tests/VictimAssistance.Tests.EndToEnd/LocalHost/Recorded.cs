using System.Collections.Concurrent;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>Items recorded as they happen, in order, and a way to wait until there are at least N of them.</summary>
public sealed class Recorded<T>
{
    private readonly ConcurrentQueue<T> items = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> waits = [];

    public IReadOnlyList<T> Items => items.ToArray();

    public int Count => items.Count;

    public void Add(T item)
    {
        items.Enqueue(item);
        Signal();
    }

    public Task WhenCount(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (waits)
        {
            waits.Add((count, reached));
        }

        Signal();
        return reached.Task;
    }

    private void Signal()
    {
        lock (waits)
        {
            foreach (var (count, reached) in waits.Where(wait => items.Count >= wait.Count))
            {
                reached.TrySetResult();
            }
        }
    }
}
