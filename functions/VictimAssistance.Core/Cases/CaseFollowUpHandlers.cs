namespace VictimAssistance.Core.Cases;

/// <summary>Every registered handler in its declared order (stage, then name), and which event types any of them needs.</summary>
public sealed class CaseFollowUpHandlers
{
    private readonly HashSet<string> subscribed;

    public CaseFollowUpHandlers(IEnumerable<ICaseFollowUpHandler> handlers)
    {
        Ordered = handlers.OrderBy(handler => handler.Stage).ThenBy(handler => handler.GetType().Name, StringComparer.Ordinal).ToList();
        subscribed = Ordered.SelectMany(handler => handler.EventTypes).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<ICaseFollowUpHandler> Ordered { get; }

    /// <summary>Whether a change that wrote these events has follow-up work; without any, it needs no outbox entry.</summary>
    public bool AnySubscribed(IEnumerable<string> eventTypes) => eventTypes.Any(subscribed.Contains);

    public IEnumerable<ICaseFollowUpHandler> For(IReadOnlyList<CommittedEvent> events) =>
        Ordered.Where(handler => events.Any(item => handler.EventTypes.Contains(item.Type)));
}
