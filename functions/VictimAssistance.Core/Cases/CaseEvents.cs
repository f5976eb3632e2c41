namespace VictimAssistance.Core.Cases;

public sealed record CaseRegistered(string? VictimType, int Needs);

/// <summary>The paths of the case data that changed (names only, never values).</summary>
public sealed record CaseUpdated(IReadOnlyList<string> Changed);

public sealed record CaseClosed;

/// <summary>The events of the case itself; referral and notification events are declared by their features.</summary>
public static class CaseEvents
{
    public static readonly CaseEventType<CaseRegistered> Registered = new("case.registered", CaseJson.Default.CaseRegistered);
    public static readonly CaseEventType<CaseUpdated> Updated = new("case.updated", CaseJson.Default.CaseUpdated);
    public static readonly CaseEventType<CaseClosed> Closed = new("case.closed", CaseJson.Default.CaseClosed);
}
