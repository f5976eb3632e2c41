using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Cases;

/// <summary>A change works on copies: the record it was made from stays exactly as loaded.</summary>
public sealed class CaseChangeTests
{
    private static readonly DateTimeOffset Loaded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Loaded.AddHours(1);

    [Fact]
    public void Changing_the_head_and_referrals_leaves_the_loaded_record_untouched()
    {
        var record = LoadedRecord();
        var change = CaseChange.Update(record, Caller.System("test"), Later);

        change.Head.Status = CaseStatuses.Closed;
        change.CancelOpenReferrals("case_closed");

        Assert.Same(record, change.Before);
        Assert.Equal(CaseStatuses.Open, record.Head.Status);
        Assert.Equal(4, record.Head.Version);
        Assert.Equal(6, record.Head.LastSequence);
        Assert.Equal(Loaded, record.Head.UpdatedAt);
        Assert.Equal(ReferralStatuses.Offered, record.Referrals.Single().Status);
        Assert.Equal(5, change.Head.Version);
        Assert.Equal(7, change.Head.LastSequence);
        Assert.Equal(ReferralStatuses.Cancelled, change.ToRecord().Referrals.Single().Status);
    }

    [Fact]
    public void Nothing_applied_means_nothing_to_write()
    {
        var change = CaseChange.Update(LoadedRecord(), Caller.System("test"), Later);

        Assert.False(change.HasEvents);
        Assert.Null(change.EditReferral("no-such-referral"));
    }

    [Fact]
    public void A_cancelled_referral_names_the_provider_that_held_it_in_its_event()
    {
        var change = CaseChange.Update(LoadedRecord(), Caller.System("test"), Later);

        change.CancelOpenReferrals("consent_withdrawn");

        var outbox = change.Actions()[^1].Entity;
        var events = Assert.IsType<OutboxEntity>(outbox).Events;
        Assert.Contains("\"providerId\":\"provider-a\"", events, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"referral.cancelled\"", events, StringComparison.Ordinal);
    }

    private static CaseRecord LoadedRecord() => new(
        new CaseHeadEntity { PartitionKey = "0123456789abcdef0123456789abcdef", Organization = "org-a", Version = 4, LastSequence = 6, UpdatedAt = Loaded },
        [new ReferralEntity { ReferralId = "r1", Status = ReferralStatuses.Offered, ProviderId = "provider-a", UpdatedAt = Loaded }]);
}
