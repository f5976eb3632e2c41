namespace VictimAssistance.Core.Erasure;

/// <summary>The body of POST /api/cases/{caseId}/erase: why (required; it is kept in the tombstone, so no personal data).</summary>
public sealed record EraseCaseRequest(string? Reason);

/// <summary>What remains of an erased case, and the answer of its erasure: never any of its data.</summary>
public sealed record CaseTombstone(string CaseId, DateTimeOffset ErasedAt, string ErasedBy, string Reason);
