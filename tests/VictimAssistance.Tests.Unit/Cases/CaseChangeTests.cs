using System.Text.Json;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
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

        change.Close("moved away");
        change.CancelOpenReferrals("case_closed");

        Assert.Same(record, change.Before);
        Assert.Equal(CaseStatuses.Open, record.Head.Status);
        Assert.Equal(4, record.Head.Version);
        Assert.Equal(6, record.Head.LastSequence);
        Assert.Equal(Loaded, record.Head.UpdatedAt);
        Assert.Equal(ReferralStatuses.Offered, record.ReferralRows().Single().Status);
        Assert.Equal(5, change.Head.Version);
        Assert.Equal(8, change.Head.LastSequence);
        Assert.Equal(ReferralStatuses.Cancelled, change.ToRecord().ReferralRows().Single().Status);
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

        var outbox = Assert.IsType<OutboxEntity>(change.Actions(withOutbox: true)[^1].Entity);
        var committed = Assert.Single(JsonSerializer.Deserialize(outbox.Events, CaseJson.Default.ListCommittedEvent)!);
        Assert.True(committed.Is(ReferralEvents.Cancelled));
        Assert.Equal(new ReferralCancelled("r1", "provider-a", "consent_withdrawn"), ReferralEvents.Cancelled.Read(committed.Data));
    }

    [Fact]
    public void A_change_without_follow_up_work_writes_no_outbox_row()
    {
        var change = CaseChange.Update(LoadedRecord(), Caller.System("test"), Later);
        change.CancelOpenReferrals("consent_withdrawn");

        Assert.DoesNotContain(change.Actions(withOutbox: false), action => action.Entity is OutboxEntity);
    }

    [Fact]
    public void Only_a_change_of_the_case_data_moves_the_caseworkers_etag()
    {
        var change = CaseChange.Update(LoadedRecord(), Caller.System("router"), Later);
        change.EditReferral("r1")!.Status = ReferralStatuses.Accepted;
        Assert.Equal(2, change.Head.ETagVersion);

        change.Close("moved away");
        Assert.Equal(5, change.Head.ETagVersion);
    }

    private static CaseRecord LoadedRecord() => new(
        new CaseHeadEntity { PartitionKey = "0123456789abcdef0123456789abcdef", Organization = "org-a", Version = 4, DataVersion = 2, LastSequence = 6, UpdatedAt = Loaded },
        [new ReferralEntity { RowKey = ReferralEntity.RowKeyOf("r1"), ReferralId = "r1", Status = ReferralStatuses.Offered, ProviderId = "provider-a", UpdatedAt = Loaded }]);
}
