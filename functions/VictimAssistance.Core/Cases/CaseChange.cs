using System.Text.Json;
using Azure.Data.Tables;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Cases;

/// <summary>
/// One change to one case, written as a single entity-group transaction: the head (added, or replaced with
/// If-Match on its ETag), the new events, the feature rows it touches, its markers and, when a handler subscribes to
/// one of its events, an outbox row carrying the events to the handlers. It works on copies: <see cref="Before"/>
/// stays as loaded.
/// </summary>
public sealed class CaseChange
{
    private readonly List<CaseEventEntity> events = [];
    private readonly Dictionary<string, ICaseRow> rows;
    private readonly HashSet<string> touchedRows = new(StringComparer.Ordinal);
    private readonly HashSet<string> supersededMarkers = new(StringComparer.Ordinal);
    private string? marker;

    private CaseChange(CaseRecord? before, CaseHeadEntity head, CaseDetails details, IEnumerable<ICaseRow> rows, Caller actor, DateTimeOffset now)
    {
        Before = before;
        Head = head;
        Details = details;
        this.rows = rows.ToDictionary(row => row.RowKey, StringComparer.Ordinal);
        Actor = actor;
        Now = now;
    }

    /// <summary>The case as loaded, untouched; null for a new case.</summary>
    public CaseRecord? Before { get; }

    public CaseHeadEntity Head { get; }

    public CaseDetails Details { get; private set; }

    public Caller Actor { get; }

    public DateTimeOffset Now { get; }

    public string CaseId => Head.PartitionKey;

    public bool IsNew => Before is null;

    /// <summary>False when applying the request changed nothing, so there is nothing to write.</summary>
    public bool HasEvents => events.Count > 0;

    public int EventCount => events.Count;

    public IEnumerable<string> EventTypes => events.Select(item => item.Type);

    public static CaseChange Create(CaseHeadEntity head, CaseDetails details, Caller actor, DateTimeOffset now)
    {
        head.Version = 1;
        head.DataVersion = 1;
        head.CommitId = NewCommitId();
        head.CreatedAt = now;
        head.UpdatedAt = now;
        head.Details = JsonSerializer.Serialize(details, CaseJson.Api.CaseDetails);
        return new CaseChange(before: null, head, details, [], actor, now);
    }

    public static CaseChange Update(CaseRecord record, Caller actor, DateTimeOffset now)
    {
        var head = record.Head.Copy();
        head.Version++;
        head.CommitId = NewCommitId();
        return new CaseChange(record, head, record.Details, record.Rows.Select(row => row.Copy()), actor, now);
    }

    private static string NewCommitId() => Guid.NewGuid().ToString("N");

    /// <summary>The survivor, incident, legal basis, consent or needs change: the caseworker's ETag moves.</summary>
    public void ReplaceDetails(CaseDetails details)
    {
        Details = details;
        Head.Details = JsonSerializer.Serialize(details, CaseJson.Api.CaseDetails);
        DataChanged();
    }

    public void Close(string reason)
    {
        Head.Status = CaseStatuses.Closed;
        Head.ClosedAt = Now;
        Head.CloseReason = reason;
        DataChanged();
        AddEvent(CaseEvents.Closed, new CaseClosed());
    }

    /// <summary>
    /// Replaces the case data with what is left of it after erasure (<paramref name="remaining"/>: categories only)
    /// and records who erased it and why; the event that says so is the erasing feature's.
    /// </summary>
    public void Erase(CaseDetails remaining, DateTimeOffset erasedAt, string erasedBy, string reason)
    {
        ReplaceDetails(remaining);
        Head.CloseReason = null;
        Head.RequestHash = null;
        Head.ErasedAt = erasedAt;
        Head.ErasedBy = erasedBy;
        Head.ErasureReason = reason;
    }

    public void AddEvent<T>(CaseEventType<T> type, T data)
        where T : class
    {
        var sequence = ++Head.LastSequence;
        events.Add(new CaseEventEntity
        {
            PartitionKey = CaseId,
            RowKey = CaseRows.Event(sequence),
            Sequence = sequence,
            Type = type.Name,
            OccurredAt = Now,
            ActorSub = Actor.Subject,
            ActorRole = Actor.Role,
            Data = type.Write(data),
        });
    }

    /// <summary>Whether this change has written an event of this type so far (for the rules that follow an edit).</summary>
    public bool Added<T>(CaseEventType<T> type)
        where T : class => events.Exists(item => item.Type == type.Name);

    /// <summary>The feature rows of this type as they stand in this change (copies: change one through <see cref="Put{T}"/>).</summary>
    public IEnumerable<T> RowsOf<T>()
        where T : ICaseRow => rows.Values.OfType<T>();

    /// <summary>Writes the row with this change: a new row, or one of <see cref="RowsOf{T}"/> that was modified.</summary>
    public T Put<T>(T row)
        where T : ICaseRow
    {
        row.PartitionKey = CaseId;
        rows[row.RowKey] = row;
        touchedRows.Add(row.RowKey);
        return row;
    }

    /// <summary>Adds the marker row of a change made at most once (<see cref="CaseWrite.OnceKey"/>); a second add fails the transaction.</summary>
    public void AddMarker(string key) => marker = key;

    /// <summary>
    /// Marks older work as done without doing it: a later write whose <see cref="CaseWrite.OnceKey"/> is
    /// <paramref name="key"/> then changes nothing (a form edit arriving after the edit that replaced it).
    /// </summary>
    public void MarkSuperseded(string key) => supersededMarkers.Add(key);

    public CaseRecord ToRecord() => new(Head, rows.Values.ToList());

    public CaseOutboxMessage OutboxMessage() => new(CaseId, Head.Version, Now, TraceParent: AppTelemetry.CurrentTraceParent);

    /// <summary>The transaction; with an outbox row only when <paramref name="withOutbox"/> (some handler follows up).</summary>
    public IReadOnlyList<TableTransactionAction> Actions(bool withOutbox)
    {
        var actions = new List<TableTransactionAction>
        {
            IsNew
                ? new TableTransactionAction(TableTransactionActionType.Add, Head)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, Head, Head.ETag),
        };
        actions.AddRange(events.Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)));
        foreach (var key in touchedRows)
        {
            rows[key].CaseVersion = Head.Version;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, rows[key]));
        }

        if (marker is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(CaseId, CaseRows.Marker(marker))));
        }

        // Replaced, not added: the superseded work may have been done, and left its marker, before.
        actions.AddRange(supersededMarkers
            .Where(key => key != marker)
            .Select(key => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(CaseId, CaseRows.Marker(key)))));

        if (withOutbox)
        {
            var committed = events.Select(entity => new CommittedEvent(entity.Sequence, entity.Type, entity.OccurredAt, entity.Data)).ToList();
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new OutboxEntity
            {
                PartitionKey = CaseId,
                RowKey = CaseRows.Outbox(Head.Version),
                Version = Head.Version,
                Events = JsonSerializer.Serialize(committed, CaseJson.Default.ListCommittedEvent),
            }));
        }

        return actions;
    }

    private void DataChanged()
    {
        Head.DataVersion = Head.Version;
        Head.UpdatedAt = Now;
    }
}
