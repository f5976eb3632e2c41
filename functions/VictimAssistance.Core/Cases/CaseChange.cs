using System.Text.Json.Nodes;
using System.Text.Json;
using Azure.Data.Tables;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Cases;

/// <summary>
/// One change to one case, written as a single entity-group transaction: the head (added, or replaced with
/// If-Match on its ETag), the new events, the referral rows it touches and an outbox row carrying the events to
/// the follow-up handlers. It works on copies: <see cref="Before"/> stays as loaded.
/// </summary>
public sealed class CaseChange
{
    private readonly Caller actor;
    private readonly List<CaseEventEntity> events = [];
    private readonly Dictionary<string, ReferralEntity> referrals;
    private readonly HashSet<string> touchedReferrals = new(StringComparer.Ordinal);
    private readonly HashSet<string> supersededMarkers = new(StringComparer.Ordinal);
    private string? marker;

    private CaseChange(CaseRecord? before, CaseHeadEntity head, CaseDetails details, IEnumerable<ReferralEntity> referrals, Caller actor, DateTimeOffset now)
    {
        Before = before;
        Head = head;
        Details = details;
        this.referrals = referrals.ToDictionary(referral => referral.ReferralId, StringComparer.Ordinal);
        this.actor = actor;
        Now = now;
    }

    /// <summary>The case as loaded, untouched; null for a new case.</summary>
    public CaseRecord? Before { get; }

    public CaseHeadEntity Head { get; }

    public CaseDetails Details { get; private set; }

    public DateTimeOffset Now { get; }

    public string CaseId => Head.PartitionKey;

    public bool IsNew => Before is null;

    /// <summary>False when applying the request changed nothing, so there is nothing to write.</summary>
    public bool HasEvents => events.Count > 0;

    public int OpenReferrals => referrals.Values.Count(referral => ReferralStatuses.IsOpen(referral.Status));

    public static CaseChange Create(CaseHeadEntity head, CaseDetails details, Caller actor, DateTimeOffset now)
    {
        head.Version = 1;
        head.CommitId = NewCommitId();
        head.CreatedAt = now;
        head.UpdatedAt = now;
        head.Details = JsonSerializer.Serialize(details, ApiJson.Default.CaseDetails);
        return new CaseChange(before: null, head, details, [], actor, now);
    }

    public static CaseChange Update(CaseRecord record, Caller actor, DateTimeOffset now)
    {
        var head = record.Head.Copy();
        head.Version++;
        head.CommitId = NewCommitId();
        head.UpdatedAt = now;
        return new CaseChange(record, head, record.Details, record.Referrals.Select(referral => referral.Copy()), actor, now);
    }

    private static string NewCommitId() => Guid.NewGuid().ToString("N");

    public void ReplaceDetails(CaseDetails details)
    {
        Details = details;
        Head.Details = JsonSerializer.Serialize(details, ApiJson.Default.CaseDetails);
    }

    public void AddEvent(string type, JsonObject data)
    {
        var sequence = ++Head.LastSequence;
        events.Add(new CaseEventEntity
        {
            PartitionKey = CaseId,
            RowKey = CaseRows.Event(sequence),
            Sequence = sequence,
            Type = type,
            OccurredAt = Now,
            ActorSub = actor.Subject,
            ActorRole = actor.Role,
            Data = data.ToJsonString(),
        });
    }

    public ReferralEntity RequestReferral(string serviceType, string urgency, string? notes)
    {
        var referral = new ReferralEntity
        {
            PartitionKey = CaseId,
            ReferralId = Guid.NewGuid().ToString("N"),
            ServiceType = serviceType,
            Urgency = urgency,
            Notes = notes,
            Status = ReferralStatuses.Requested,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        referral.RowKey = CaseRows.Referral(referral.ReferralId);
        referrals[referral.ReferralId] = referral;
        touchedReferrals.Add(referral.ReferralId);
        AddEvent(CaseEventTypes.ReferralRequested, new JsonObject
        {
            ["referralId"] = referral.ReferralId,
            ["serviceType"] = serviceType,
            ["urgency"] = urgency,
        });
        return referral;
    }

    /// <summary>The referral's row in this change, to modify; it is written with the change. Null when the case has no such referral.</summary>
    public ReferralEntity? EditReferral(string referralId) => referrals.TryGetValue(referralId, out var referral) ? Touch(referral) : null;

    /// <summary>Cancels every referral still in play; the event names the provider that held it, if any.</summary>
    public void CancelOpenReferrals(string reason)
    {
        foreach (var open in referrals.Values.Where(referral => ReferralStatuses.IsOpen(referral.Status)))
        {
            var referral = Touch(open);
            var providerId = referral.ProviderId;
            referral.Status = ReferralStatuses.Cancelled;
            referral.RespondBy = null;
            AddEvent(CaseEventTypes.ReferralCancelled, new JsonObject { ["referralId"] = referral.ReferralId, ["providerId"] = providerId, ["reason"] = reason });
        }
    }

    /// <summary>Adds the marker row of a change made at most once (<see cref="CaseWrite.OnceKey"/>); a second add fails the transaction.</summary>
    public void AddMarker(string key) => marker = key;

    /// <summary>
    /// Marks older work as done without doing it: a later write whose <see cref="CaseWrite.OnceKey"/> is
    /// <paramref name="key"/> then changes nothing (a form edit arriving after the edit that replaced it).
    /// </summary>
    public void MarkSuperseded(string key) => supersededMarkers.Add(key);

    public CaseRecord ToRecord() => new(Head, referrals.Values.ToList());

    public CaseOutboxMessage OutboxMessage() => new(CaseId, Head.Version, Now, TraceParent: AppTelemetry.CurrentTraceParent);

    public IReadOnlyList<TableTransactionAction> Actions()
    {
        var actions = new List<TableTransactionAction>
        {
            IsNew
                ? new TableTransactionAction(TableTransactionActionType.Add, Head)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, Head, Head.ETag),
        };
        actions.AddRange(events.Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)));
        foreach (var id in touchedReferrals)
        {
            referrals[id].CaseVersion = Head.Version;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, referrals[id]));
        }

        if (marker is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(CaseId, CaseRows.Marker(marker))));
        }

        // Replaced, not added: the superseded work may have been done, and left its marker, before.
        actions.AddRange(supersededMarkers
            .Where(key => key != marker)
            .Select(key => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(CaseId, CaseRows.Marker(key)))));

        var followUp = events.Select(entity => new CaseFollowUpEvent(entity.Sequence, entity.Type, JsonNode.Parse(entity.Data)!.AsObject())).ToList();
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new OutboxEntity
        {
            PartitionKey = CaseId,
            RowKey = CaseRows.Outbox(Head.Version),
            Version = Head.Version,
            Events = JsonSerializer.Serialize(followUp, ApiJson.Default.ListCaseFollowUpEvent),
        }));
        return actions;
    }

    private ReferralEntity Touch(ReferralEntity referral)
    {
        referral.UpdatedAt = Now;
        touchedReferrals.Add(referral.ReferralId);
        return referral;
    }
}
