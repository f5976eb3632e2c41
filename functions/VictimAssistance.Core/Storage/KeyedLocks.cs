using System.Collections.Concurrent;

namespace VictimAssistance.Core.Storage;

/// <summary>
/// One holder at a time per key within this instance. Writers of one hot row (a provider's load, a statistics
/// cell) take turns here instead of losing If-Match races in storage, where each lost race costs a read and a
/// write more; across instances the ETag still decides.
/// </summary>
public sealed class KeyedLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the key, then holds it until the returned handle is disposed.</summary>
    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(key, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Held(gate);
    }

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
