namespace VictimAssistance.Core.Storage;

/// <summary>
/// The one policy for optimistic-concurrency conflicts (an ETag that moved, a row added meanwhile): the attempt runs
/// again after a jittered, growing pause until it succeeds or <see cref="Deadline"/> passes, and then
/// <see cref="ConcurrentChangesException"/> is the one failure: 503 with Retry-After on HTTP, a retry on a queue.
/// </summary>
public sealed class ConflictRetry(TimeProvider time, TimeSpan deadline)
{
    /// <summary>The setting that changes <see cref="Deadline"/> (a TimeSpan; 15 s when absent).</summary>
    public const string DeadlineSetting = "Storage:ConflictDeadline";

    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(15);

    public TimeSpan Deadline { get; } = deadline;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="attempt"/> until it settles: it answers <see cref="Attempt{T}.Settled"/>, or <see cref="Attempt{T}.Conflict"/> to go again.</summary>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<Attempt<T>>> attempt, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Deadline;
        for (var tries = 0; ; tries++)
        {
            var result = await attempt(cancellationToken).ConfigureAwait(false);
            if (!result.IsConflict)
            {
                return result.Value!;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new ConcurrentChangesException(what, tries + 1);
            }

            await Task.Delay(Backoff(tries), time, cancellationToken).ConfigureAwait(false);
        }
    }

    // Full jitter: concurrent writers of one row spread out instead of colliding again in step.
#pragma warning disable CA5394 // not security-relevant randomness
    private static TimeSpan Backoff(int tries) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(MaxBackoff.TotalMilliseconds, FirstBackoff.TotalMilliseconds * Math.Pow(2, tries)));
#pragma warning restore CA5394
}

/// <summary>One attempt's result: settled with a value, or lost to a concurrent change.</summary>
public readonly record struct Attempt<T>(T? Value, bool IsConflict);

public static class Attempt
{
    public static Attempt<T> Settled<T>(T value) => new(value, IsConflict: false);

    public static Attempt<T> Conflict<T>() => new(default, IsConflict: true);
}

/// <summary>
/// Concurrent changes kept winning until the deadline: nothing was changed by this caller. A kind of
/// <see cref="TimeoutException"/>, so every caller treats it as storage being busy (503 with Retry-After, or a queue retry).
/// </summary>
public sealed class ConcurrentChangesException(string what, int attempts)
    : TimeoutException($"{what}: {attempts} attempts lost to concurrent changes.");
