using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Core.Cases;

/// <summary>
/// One change to one case, written as a single entity-group transaction: the head (added, or replaced with
/// If-Match on its ETag), the new events, the referral rows it touches and an outbox row for what follows.
/// </summary>
public sealed class CaseChange
{
    private readonly bool isNew;
    private readonly Caller actor;
    private readonly List<CaseEventEntity> events = [];
    private readonly Dictionary<string, ReferralEntity> referrals;
    private readonly HashSet<string> touchedReferrals = new(StringComparer.Ordinal);
    private readonly List<string> route = [];
    private readonly List<CancelledNotification> notifyCancelled = [];

    private CaseChange(CaseHeadEntity head, IEnumerable<ReferralEntity> referrals, bool isNew, Caller actor, DateTimeOffset now)
    {
        Head = head;
        this.referrals = referrals.ToDictionary(referral => referral.ReferralId, StringComparer.Ordinal);
        this.isNew = isNew;
        this.actor = actor;
        Now = now;
    }

    public CaseHeadEntity Head { get; }

    public DateTimeOffset Now { get; }

    public string CaseId => Head.PartitionKey;

    public static CaseChange Create(CaseHeadEntity head, Caller actor, DateTimeOffset now)
    {
        head.Version = 1;
        head.CreatedAt = now;
        head.UpdatedAt = now;
        return new CaseChange(head, [], isNew: true, actor, now);
    }

    public static CaseChange Update(CaseRecord record, Caller actor, DateTimeOffset now)
    {
        record.Head.Version++;
        record.Head.UpdatedAt = now;
        return new CaseChange(record.Head, record.Referrals, isNew: false, actor, now);
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
        route.Add(referral.ReferralId);
        return referral;
    }

    /// <summary>Cancels every referral still in play; providers that hold one are notified.</summary>
    public void CancelOpenReferrals(string reason)
    {
        foreach (var referral in referrals.Values.Where(referral => ReferralStatuses.IsOpen(referral.Status)).ToList())
        {
            referral.Status = ReferralStatuses.Cancelled;
            referral.UpdatedAt = Now;
            referral.RespondBy = null;
            touchedReferrals.Add(referral.ReferralId);
            AddEvent(CaseEventTypes.ReferralCancelled, new JsonObject { ["referralId"] = referral.ReferralId, ["reason"] = reason });
            if (referral.ProviderId is { } providerId)
            {
                notifyCancelled.Add(new CancelledNotification(referral.ReferralId, providerId));
            }
        }
    }

    public CaseRecord ToRecord() => new(Head, referrals.Values.ToList());

    public CaseOutboxMessage OutboxMessage() => new(CaseId, Head.Version, Now);

    public IReadOnlyList<TableTransactionAction> Actions()
    {
        var actions = new List<TableTransactionAction>
        {
            isNew
                ? new TableTransactionAction(TableTransactionActionType.Add, Head)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, Head, Head.ETag),
        };
        actions.AddRange(events.Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)));
        actions.AddRange(touchedReferrals.Select(id => referrals[id]).Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)));
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new OutboxEntity
        {
            PartitionKey = CaseId,
            RowKey = CaseRows.Outbox(Head.Version),
            Version = Head.Version,
            Work = JsonSerializer.Serialize(new OutboxWork(route, notifyCancelled), CaseJson.Default.OutboxWork),
        }));
        return actions;
    }
}
