using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>Applies a request to a change of the case; a problem refuses it and nothing is written.</summary>
public delegate Problem? CaseEdit(CaseChange change);

/// <summary>One change to make to an existing case.</summary>
public sealed record CaseWrite(string CaseId, Caller Actor, CaseEdit Edit)
{
    /// <summary>The versions the client pinned with If-Match: another version, or losing a race, is 412, never a retry.</summary>
    public IReadOnlySet<int>? IfMatch { get; init; }

    /// <summary>Most changes refuse a closed case (409); recording what happened afterwards does not.</summary>
    public bool AllowClosed { get; init; }

    /// <summary>Who may change the case; not yours answers exactly like missing (404).</summary>
    public Func<Caller, CaseRecord, bool> MayAccess { get; init; } = (caller, record) => AccessPolicy.MayAccessCase(caller, record.Head.Organization);

    /// <summary>
    /// Makes the change happen at most once: a marker row with this key is added in the same transaction, and a case
    /// that has it already is returned unchanged. For work retried from a queue (a delivered notification).
    /// </summary>
    public string? OnceKey { get; init; }
}

/// <summary>
/// The one write path of a case partition: load, check, apply on copies, commit in one transaction. A writer that
/// did not pin a version and lost a race to a concurrent one loads again and reapplies, with jittered backoff,
/// until it succeeds or <see cref="RetryDeadline"/> passes (then 503).
/// </summary>
public sealed partial class CaseWriter(CaseStore store, TimeProvider time, ILogger<CaseWriter> logger)
{
    public static readonly TimeSpan RetryDeadline = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Writes a new case; <see cref="CommitResult.AlreadyExists"/> when its id is taken.</summary>
    public async Task<CommitResult> CreateAsync(CaseChange change, CancellationToken cancellationToken)
    {
        var result = await store.CommitAsync(change, cancellationToken).ConfigureAwait(false);
        if (result == CommitResult.Committed)
        {
            LogChanged(logger, change.CaseId, change.Head.Version);
        }

        return result;
    }

    /// <summary>The case as committed, or as it was when the edit changed nothing; else why not.</summary>
    public async Task<Outcome<CaseRecord>> ChangeAsync(CaseWrite write, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + RetryDeadline;
        for (var attempt = 0; ; attempt++)
        {
            var current = CaseIds.IsWellFormed(write.CaseId) ? await store.LoadAsync(write.CaseId, cancellationToken).ConfigureAwait(false) : null;
            if (current is null || !write.MayAccess(write.Actor, current))
            {
                return Problem.NotFound("case");
            }

            if (current.IsClosed && !write.AllowClosed)
            {
                return new Problem(ProblemKind.Conflict, "Case closed", "A closed case cannot be changed.");
            }

            if (write.IfMatch is { } pinned && !pinned.Contains(current.Head.Version))
            {
                return StalePrecondition();
            }

            if (write.OnceKey is { } onceKey && await store.HasMarkerAsync(write.CaseId, onceKey, cancellationToken).ConfigureAwait(false))
            {
                return current;
            }

            var change = CaseChange.Update(current, write.Actor, time.GetUtcNow());
            if (write.Edit(change) is { } refused)
            {
                return refused;
            }

            if (write.OnceKey is { } key && change.HasEvents)
            {
                change.AddMarker(key);
            }

            if (!change.HasEvents)
            {
                return current;
            }

            if (await store.CommitAsync(change, cancellationToken).ConfigureAwait(false) == CommitResult.Committed)
            {
                LogChanged(logger, write.CaseId, change.Head.Version);
                return change.ToRecord();
            }

            if (write.IfMatch is not null)
            {
                return StalePrecondition();
            }

            if (time.GetUtcNow() >= deadline)
            {
                LogGaveUp(logger, write.CaseId, attempt + 1);
                return Problem.Busy("The case is being changed by others right now; nothing was changed. Retry shortly.");
            }

            await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Problem StalePrecondition() =>
        new(ProblemKind.PreconditionFailed, "Precondition failed", "The case changed since you read it: read it again and reapply your change.");

    // Full jitter: concurrent writers of one case spread out instead of colliding again in step.
#pragma warning disable CA5394 // not security-relevant randomness
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(MaxBackoff.TotalMilliseconds, FirstBackoff.TotalMilliseconds * Math.Pow(2, attempt)));
#pragma warning restore CA5394

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} changed to version {Version}.")]
    private static partial void LogChanged(ILogger logger, string caseId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: gave up after {Attempts} attempts lost to concurrent writers.")]
    private static partial void LogGaveUp(ILogger logger, string caseId, int attempts);
}
