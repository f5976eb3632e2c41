using System.Collections.Concurrent;

namespace VictimAssistance.Core.Storage;

/// <summary>
/// One holder at a time per key within this instance. Writers of one hot row (a provider's load, a statistics
/// cell) take turns here instead of losing If-Match races in storage, where each lost race costs a read and a
/// write more; across instances the ETag still decides. The turn is only an economy, never what keeps a write
/// correct, so a writer that has waited <see cref="MaxWait"/> (its holder is stuck on a slow storage request, say)
/// goes ahead without it rather than stalling behind it.
/// </summary>
public sealed class KeyedLocks(TimeProvider time)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private static readonly IDisposable NotHeld = new Held(gate: null);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the key (at most <see cref="MaxWait"/>), then holds it until the returned handle is disposed.</summary>
    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(key, static _ => new SemaphoreSlim(1, 1));
        using var waited = new CancellationTokenSource(MaxWait, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, waited.Token);
        try
        {
            await gate.WaitAsync(wait.Token).ConfigureAwait(false);
            return new Held(gate);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return NotHeld;
        }
    }

    private sealed class Held(SemaphoreSlim? gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (gate is not null && Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
