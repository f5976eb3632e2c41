using System.Text.Json.Nodes;

namespace VictimAssistance.Core.Cases;

/// <summary>One event of a committed change, as the outbox carries it to the follow-up handlers.</summary>
public sealed record CaseFollowUpEvent(long Sequence, string Type, JsonObject Data);

/// <summary>A committed change of a case: the case as it is now, and the events that change wrote.</summary>
public sealed record CaseFollowUp(CaseRecord Case, int Version, IReadOnlyList<CaseFollowUpEvent> Events)
{
    public string CaseId => Case.Head.PartitionKey;

    public IEnumerable<CaseFollowUpEvent> OfType(params IReadOnlyCollection<string> types) => Events.Where(item => types.Contains(item.Type));
}

/// <summary>
/// Work that follows a committed case change (a secondary table, a queue message), registered by the feature
/// that owns it. Delivery is at least once: a handler must be idempotent, and it may see the case at a later
/// version than the events it is handed.
/// </summary>
public interface ICaseFollowUpHandler
{
    Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken);
}
