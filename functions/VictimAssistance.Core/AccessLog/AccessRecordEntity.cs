using System.Globalization;
using System.Text.RegularExpressions;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.AccessLog;

/// <summary>
/// AccessLog: one row per case read (PartitionKey = caseId, RowKey = inverted read ticks, read id and the record's
/// place in the read), so a case's partition lists newest first. Ids only: the rows outlive an erasure of the case.
/// </summary>
public sealed partial class AccessRecordEntity : TableRow
{
    public DateTimeOffset AccessedAt { get; set; }

    public string Sub { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public string Route { get; set; } = string.Empty;

    public string? ReferralId { get; set; }

    /// <summary>Later reads sort first; reads at the same tick by read id, and the records of one read in their order.</summary>
    public static string RowKeyFor(DateTimeOffset accessedAt, string readId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - accessedAt.UtcTicks:D19}-{readId}-{index:D3}");

    public AccessRecord ToRecord() => new(AccessedAt, new EventActor(Sub, Role), Route, PartitionKey, ReferralId);

    [GeneratedRegex("^[0-9]{19}-[0-9a-f]{32}-[0-9]{3}$")]
    internal static partial Regex RowKeyPattern();
}
