using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Tests.Referrals;

/// <summary>The referral state machine, every transition from every status, in memory.</summary>
public sealed class ReferralTransitionsTests
{
    private const string ReferralId = "0123456789abcdef0123456789abcdef";
    private const string Holder = "provider-holder";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string?, string?> Transitions => new()
    {
        // operation, from, to (null: unchanged), event (null: none; "409": a conflict answered to the caller)
        { "offer", ReferralStatuses.Requested, ReferralStatuses.Offered, "referral.offered" },
        { "offer", ReferralStatuses.Unmet, ReferralStatuses.Offered, "referral.offered" },
        { "offer", ReferralStatuses.Offered, null, null },
        { "offer", ReferralStatuses.Accepted, null, null },
        { "offer", ReferralStatuses.Completed, null, null },
        { "offer", ReferralStatuses.Cancelled, null, null },
        { "unmet", ReferralStatuses.Requested, ReferralStatuses.Unmet, "referral.unmet" },
        { "unmet", ReferralStatuses.Unmet, null, null },
        { "unmet", ReferralStatuses.Offered, null, null },
        { "unmet", ReferralStatuses.Accepted, null, null },
        { "unmet", ReferralStatuses.Completed, null, null },
        { "unmet", ReferralStatuses.Cancelled, null, null },
        { "expire", ReferralStatuses.Offered, ReferralStatuses.Requested, "referral.expired" },
        { "expire", ReferralStatuses.Requested, null, null },
        { "expire", ReferralStatuses.Accepted, null, null },
        { "expire", ReferralStatuses.Completed, null, null },
        { "expire", ReferralStatuses.Unmet, null, null },
        { "expire", ReferralStatuses.Cancelled, null, null },
        { "accept", ReferralStatuses.Offered, ReferralStatuses.Accepted, "referral.accepted" },
        { "accept", ReferralStatuses.Requested, null, "409" },
        { "accept", ReferralStatuses.Accepted, null, "409" },
        { "accept", ReferralStatuses.Completed, null, "409" },
        { "accept", ReferralStatuses.Unmet, null, "409" },
        { "accept", ReferralStatuses.Cancelled, null, "409" },
        { "decline", ReferralStatuses.Offered, ReferralStatuses.Requested, "referral.declined" },
        { "decline", ReferralStatuses.Requested, null, "409" },
        { "decline", ReferralStatuses.Accepted, null, "409" },
        { "decline", ReferralStatuses.Completed, null, "409" },
        { "decline", ReferralStatuses.Unmet, null, "409" },
        { "decline", ReferralStatuses.Cancelled, null, "409" },
        { "complete", ReferralStatuses.Accepted, ReferralStatuses.Completed, "referral.completed" },
        { "complete", ReferralStatuses.Requested, null, "409" },
        { "complete", ReferralStatuses.Offered, null, "409" },
        { "complete", ReferralStatuses.Completed, null, "409" },
        { "complete", ReferralStatuses.Unmet, null, "409" },
        { "complete", ReferralStatuses.Cancelled, null, "409" },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Each_transition_moves_only_from_its_statuses_and_writes_its_one_event(string operation, string from, string? to, string? outcome)
    {
        // An offer is due for the expiry, and still open for the provider's answer otherwise.
        var change = ChangeWith(from, respondBy: operation == "expire" ? Now.AddMinutes(-1) : Now.AddMinutes(1));

        var problem = Apply(operation, change, change.EditReferral(ReferralId)!);

        Assert.Equal(outcome == "409" ? ProblemKind.Conflict : null, problem?.Kind);
        Assert.Equal(to ?? from, change.RowsOf<ReferralEntity>().Single().Status);
        Assert.Equal(outcome is null or "409" ? [] : [outcome], change.EventTypes);
    }

    [Fact]
    public void Accepting_an_offer_past_its_respond_by_is_a_conflict()
    {
        var change = ChangeWith(ReferralStatuses.Offered, respondBy: Now.AddSeconds(-1));

        var problem = ReferralTransitions.Accept(change, change.EditReferral(ReferralId)!);

        Assert.Equal(ProblemKind.Conflict, problem?.Kind);
        Assert.Empty(change.EventTypes);
    }

    [Fact]
    public void An_offer_not_yet_due_does_not_expire()
    {
        var change = ChangeWith(ReferralStatuses.Offered, respondBy: Now.AddSeconds(1));

        ReferralTransitions.Expire(change, ReferralId);

        Assert.Equal(ReferralStatuses.Offered, change.RowsOf<ReferralEntity>().Single().Status);
    }

    [Theory]
    [InlineData("decline")]
    [InlineData("expire")]
    public void A_released_referral_excludes_its_provider_and_forgets_it(string operation)
    {
        var change = ChangeWith(ReferralStatuses.Offered, respondBy: Now.AddMinutes(-1), excluded: "provider-earlier");

        Apply(operation, change, change.EditReferral(ReferralId)!);

        var referral = change.RowsOf<ReferralEntity>().Single();
        Assert.Null(referral.ProviderId);
        Assert.Null(referral.RespondBy);
        Assert.Equal(new HashSet<string> { "provider-earlier", Holder }, ReferralTransitions.ExcludedProviders(referral.ExcludedProviders));
    }

    [Theory]
    [InlineData(ReferralStatuses.Offered, Holder)]
    [InlineData(ReferralStatuses.Accepted, Holder)]
    [InlineData(ReferralStatuses.Completed, Holder)]
    [InlineData(ReferralStatuses.Requested, null)]
    [InlineData(ReferralStatuses.Unmet, null)]
    [InlineData(ReferralStatuses.Cancelled, null)]
    public void The_holder_is_the_provider_only_while_it_has_the_referral(string status, string? holder) =>
        Assert.Equal(holder, ReferralTransitions.HolderOf(new ReferralEntity { Status = status, ProviderId = Holder }));

    [Fact]
    public void A_completed_referral_has_no_holder_once_its_providers_access_ended() =>
        Assert.Null(ReferralTransitions.HolderOf(new ReferralEntity { Status = ReferralStatuses.Completed, ProviderId = Holder, ProviderAccessEndedAt = DateTimeOffset.UnixEpoch }));

    private static Problem? Apply(string operation, CaseChange change, ReferralEntity referral) => operation switch
    {
        "offer" => ReferralTransitions.Offer(change, ReferralId, Holder, TimeSpan.FromHours(4)),
        "unmet" => ReferralTransitions.MarkUnmet(change, ReferralId),
        "expire" => ReferralTransitions.Expire(change, ReferralId),
        "accept" => ReferralTransitions.Accept(change, referral),
        "decline" => ReferralTransitions.Decline(change, referral, "no capacity"),
        "complete" => ReferralTransitions.Complete(change, referral, "service_provided", notes: null),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private static CaseChange ChangeWith(string status, DateTimeOffset respondBy, string? excluded = null)
    {
        var holds = status is ReferralStatuses.Offered or ReferralStatuses.Accepted or ReferralStatuses.Completed;
        var referral = new ReferralEntity
        {
            RowKey = ReferralEntity.RowKeyOf(ReferralId),
            ReferralId = ReferralId,
            ServiceType = "rehabilitation",
            Urgency = "routine",
            Status = status,
            ProviderId = holds ? Holder : null,
            RespondBy = status == ReferralStatuses.Offered ? respondBy : null,
            ExcludedProviders = excluded,
        };
        var head = new CaseHeadEntity { PartitionKey = "fedcba9876543210fedcba9876543210", Organization = "org-a", Version = 3, DataVersion = 1, LastSequence = 5 };
        return CaseChange.Update(new CaseRecord(head, [referral]), Caller.System("test"), Now);
    }
}
