using System.Runtime.Serialization;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Cases;

/// <summary>RowKeys of a case's partition in the Cases table (PartitionKey = caseId).</summary>
public static class CaseRows
{
    public const string Head = "case";
    public const string EventPrefix = "event-";
    public const string OutboxPrefix = "outbox-";
    public const string MarkerPrefix = "once-";

    public static string Event(long sequence) => $"{EventPrefix}{sequence:D10}";

    public static string Outbox(int version) => $"{OutboxPrefix}{version:D10}";

    public static string Marker(string key) => MarkerPrefix + key;

    /// <summary>All RowKeys starting with the prefix: the range [prefix, prefix with its last character incremented).</summary>
    public static string RangeFilter(string partitionKey, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}") + " and " + RangeOf(prefix);

    /// <summary>The RowKey condition of <see cref="RangeFilter"/>, to combine with others.</summary>
    public static string RangeOf(string prefix) =>
        TableClient.CreateQueryFilter($"RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
}

/// <summary>The head row: the case's current state and version. Every change updates it with If-Match.</summary>
public sealed class CaseHeadEntity : TableRow
{
    public CaseHeadEntity() => RowKey = CaseRows.Head;

    public string Organization { get; set; } = string.Empty;

    public string Status { get; set; } = CaseStatuses.Open;

    /// <summary>Counts every change, the app's own included: the storage-level version that orders the outbox.</summary>
    public int Version { get; set; }

    /// <summary>
    /// The <see cref="Version"/> at which the case's data (survivor, incident, consent, needs, status) last changed:
    /// the caseworker's ETag, which routing, notifications and statistics never move. 0 on rows written before it
    /// existed, which read as <see cref="Version"/>.
    /// </summary>
    public int DataVersion { get; set; }

    [IgnoreDataMember]
    public int ETagVersion => DataVersion == 0 ? Version : DataVersion;

    public long LastSequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public string? RequestHash { get; set; }

    /// <summary>The <see cref="CaseDetails"/> as JSON (well under the 64 KiB property limit: its lengths are capped).</summary>
    public string Details { get; set; } = "{}";

    public DateTimeOffset? ClosedAt { get; set; }

    public string? CloseReason { get; set; }

    /// <summary>When the case's personal data was erased (the Erasure feature's tombstone); every read then answers 410.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public string? ErasedBy { get; set; }

    public string? ErasureReason { get; set; }

    /// <summary>
    /// Which commit wrote this version. A storage client that retries a transaction whose first attempt was
    /// applied gets a conflict; the writer recognises its own commit by this id instead of taking it for a lost race.
    /// </summary>
    public string? CommitId { get; set; }

    public CaseHeadEntity Copy() => (CaseHeadEntity)MemberwiseClone();
}

public sealed class CaseEventEntity : TableRow
{
    public long Sequence { get; set; }

    public string Type { get; set; } = string.Empty;

    public DateTimeOffset OccurredAt { get; set; }

    public string ActorSub { get; set; } = string.Empty;

    public string ActorRole { get; set; } = string.Empty;

    public string Data { get; set; } = "{}";
}

/// <summary>Work still to do after a change was acknowledged; deleted last, once the work is done.</summary>
public sealed class OutboxEntity : TableRow
{
    public int Version { get; set; }

    /// <summary>The change's events as a JSON array of <see cref="CommittedEvent"/>; it stays in the case's partition.</summary>
    public string Events { get; set; } = "[]";

    /// <summary>Until when one outbox processor works on this entry; another one that meets it meanwhile comes back later.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }

    /// <summary>
    /// Which processor took the lease: a take whose answer was lost and which the storage client tried again meets
    /// its own lease (412), and knows it by this.
    /// </summary>
    public string? LeaseId { get; set; }
}

/// <summary>A row of the organisation's case list (PartitionKey = organisation, newest first).</summary>
public sealed class CaseListEntity : TableRow, IVersionedRow
{
    public string CaseId { get; set; } = string.Empty;

    public int Version { get; set; }

    public string Status { get; set; } = string.Empty;

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? Sex { get; set; }

    public string? Admin1 { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int OpenReferrals { get; set; }

    public CaseSummary ToSummary() => new(CaseId, Status, GivenName, FamilyName, Sex, Admin1, CreatedAt, UpdatedAt, OpenReferrals);
}

/// <summary>The queue message that drives the outbox: ids only.</summary>
public sealed record CaseOutboxMessage(string CaseId, int Version, DateTimeOffset EnqueuedAt, int Attempt = 0, string? TraceParent = null);
