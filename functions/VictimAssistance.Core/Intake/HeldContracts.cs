using System.Text.Json.Nodes;

namespace VictimAssistance.Core.Intake;

/// <summary>What the intake answers KoboToolbox for a submission it holds: the hold id only.</summary>
public sealed record HeldReceipt(string HoldId);

/// <summary>A held submission in the list: when it came, from which form version, and the Kobo fields at fault and why; never a value.</summary>
public sealed record HeldSubmissionSummary(string HoldId, DateTimeOffset ReceivedAt, string? FormVersion, IReadOnlyDictionary<string, string[]> Faults);

public sealed record HeldSubmissionPage(IReadOnlyList<HeldSubmissionSummary> Items, string? ContinuationToken);

/// <summary>One held submission for correction: its faults and the answers of the form's fields, by Kobo name.</summary>
public sealed record HeldSubmissionView(string HoldId, DateTimeOffset ReceivedAt, string? FormVersion, IReadOnlyDictionary<string, string[]> Faults, JsonObject Fields);

public sealed record HeldListQuery(string? Organization, string? Limit, string? ContinuationToken);

public sealed record DiscardHeldRequest(string? Reason);

/// <summary>Why a held submission is discarded: a vocabulary, so the log may name it.</summary>
public static class DiscardReasons
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { "duplicate", "test_submission", "entered_in_error", "not_eligible" };
}
