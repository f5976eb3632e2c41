namespace VictimAssistance.Core.Cases;

/// <summary>One event of a committed change, as the outbox row carries it to the handlers: its data as written, read only through its type.</summary>
public sealed record CommittedEvent(long Sequence, string Type, DateTimeOffset OccurredAt, string Data)
{
    public bool Is<T>(CaseEventType<T> type)
        where T : class => Type == type.Name;
}

/// <summary>
/// Committed changes of a case as its handlers receive them: the newest version among them and the events they
/// wrote, in order (one outbox message finishes every pending entry of the case it can take). The case itself is
/// loaded only when a handler asks for it, once for all the handlers, and may be at a later version than the events.
/// </summary>
public sealed class CaseFollowUp(string caseId, int version, IReadOnlyList<CommittedEvent> events, Func<CancellationToken, Task<CaseRecord?>> load)
{
    private Task<CaseRecord?>? loaded;

    public string CaseId { get; } = caseId;

    public int Version { get; } = version;

    public IReadOnlyList<CommittedEvent> Events { get; } = events;

    /// <summary>Each event of this type with its data.</summary>
    public IEnumerable<(CommittedEvent Event, T Data)> Of<T>(CaseEventType<T> type)
        where T : class =>
        Events.Where(item => item.Is(type)).Select(item => (item, type.Read(item.Data)));

    public bool Has<T>(CaseEventType<T> type)
        where T : class => Events.Any(item => item.Is(type));

    /// <summary>The case as it is now (null once it is gone), read at most once per outbox entry.</summary>
    public Task<CaseRecord?> CaseAsync(CancellationToken cancellationToken) => loaded ??= load(cancellationToken);
}

/// <summary>When a handler runs among the handlers of one change: declared, not left to registration order.</summary>
public enum CaseHandlerStage
{
    /// <summary>Rows that later work reads (the referral → case lookup, the indexes): written first.</summary>
    Index = 0,

    /// <summary>Queue messages that start other work (routing, notifications), which may read those rows.</summary>
    Dispatch = 1,

    /// <summary>Derived figures (statistics), which nothing in the same change waits for.</summary>
    Project = 2,
}

/// <summary>
/// Work that follows a committed case change, registered by the feature that owns it and run after the transaction
/// for the event types it subscribes to. Delivery is at least once: a handler is idempotent per case version.
/// </summary>
public interface ICaseFollowUpHandler
{
    CaseHandlerStage Stage { get; }

    /// <summary>The event type names it acts on: a change that wrote none of them does not reach it.</summary>
    IReadOnlySet<string> EventTypes { get; }

    Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken);
}

/// <summary>
/// A rule that runs inside the case transaction, after the caller's edit and before the commit, so what it adds
/// is written with the change or not at all (for example: a closed case cancels its open referrals).
/// </summary>
public interface ICaseRule
{
    void Apply(CaseChange change);
}
