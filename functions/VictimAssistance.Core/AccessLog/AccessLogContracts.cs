using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.AccessLog;

/// <summary>One read of a case's data: who read it, when, on which route, and which case and referral. Never the data read.</summary>
public sealed record AccessRecord(DateTimeOffset AccessedAt, EventActor Actor, string Route, string CaseId, string? ReferralId);

public sealed record AccessLogPage(IReadOnlyList<AccessRecord> Items, string? ContinuationToken);

public sealed record AccessLogQuery(string? Limit, string? ContinuationToken);
