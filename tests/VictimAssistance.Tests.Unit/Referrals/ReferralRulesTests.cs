using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Referrals;

/// <summary>The referral rules that run inside a case's transaction, in memory.</summary>
public sealed class ReferralRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-a"));

    [Fact]
    public void A_registration_with_referral_consent_requests_a_referral_for_every_need()
    {
        var change = Registration(consent: true);

        new RequestReferralsForNeeds().Apply(change);

        Assert.Equal(["legal", "medical"], change.RowsOf<ReferralEntity>().Select(referral => referral.ServiceType).Order());
        Assert.All(change.RowsOf<ReferralEntity>(), referral => Assert.Equal(ReferralStatuses.Requested, referral.Status));
        Assert.Equal([CaseEvents.Registered.Name, "referral.requested", "referral.requested"], change.EventTypes);
    }

    [Fact]
    public void A_registration_without_referral_consent_requests_nothing()
    {
        var change = Registration(consent: false);

        new RequestReferralsForNeeds().Apply(change);

        Assert.Empty(change.RowsOf<ReferralEntity>());
    }

    [Fact]
    public void Closing_cancels_every_open_referral_and_names_the_provider_that_held_it()
    {
        var change = CaseChange.Update(Existing(consent: true), Caseworker, Now);
        change.Close("moved away");

        new CancelReferralsWhenCaseEnds().Apply(change);

        var statuses = change.RowsOf<ReferralEntity>().ToDictionary(referral => referral.ReferralId, referral => referral.Status);
        Assert.Equal(ReferralStatuses.Cancelled, statuses["offered"]);
        Assert.Equal(ReferralStatuses.Cancelled, statuses["requested"]);
        Assert.Equal(ReferralStatuses.Completed, statuses["completed"]);
        Assert.Equal([CaseEvents.Closed.Name, "referral.cancelled", "referral.cancelled", "referral.provider_access_ended"], change.EventTypes);
    }

    [Theory]
    [InlineData(true, CancelReferralsWhenCaseEnds.CaseClosed)]
    [InlineData(false, CancelReferralsWhenCaseEnds.ConsentWithdrawn)]
    public void Closing_or_withdrawing_consent_ends_the_access_of_the_provider_that_completed_a_referral(bool close, string reason)
    {
        var change = Ending(close);

        new CancelReferralsWhenCaseEnds().Apply(change);

        var completed = change.RowsOf<ReferralEntity>().Single(referral => referral.ReferralId == "completed");
        Assert.Equal(Now, completed.ProviderAccessEndedAt);
        Assert.Null(completed.Holder);
        var ended = Assert.Single(Written<CaseEventEntity>(change), item => item.Type == ReferralEvents.ProviderAccessEnded.Name);
        Assert.Equal(new ReferralProviderAccessEnded("completed", "provider-b", reason), ReferralEvents.ProviderAccessEnded.Read(ended.Data));
    }

    [Fact]
    public void A_provider_whose_access_ended_already_is_not_ended_again()
    {
        var change = Ending(close: true, accessEnded: true);

        new CancelReferralsWhenCaseEnds().Apply(change);

        Assert.DoesNotContain(ReferralEvents.ProviderAccessEnded.Name, change.EventTypes);
    }

    [Fact]
    public void An_offer_takes_the_snapshot_of_the_minimum_data_and_an_edit_while_accepted_refreshes_it()
    {
        var before = WithSurvivor(ReferralStatuses.Offered, snapshot: null);
        var change = CaseChange.Update(before, Caseworker, Now);
        change.AddEvent(ReferralEvents.Offered, new ReferralOffered("completed", "provider-b", Now));

        new KeepProviderSnapshots().Apply(change);

        var taken = ReferralSnapshot.Read(change.RowsOf<ReferralEntity>().Single().ProviderSnapshot!);
        Assert.Equal("+994501234567", taken.Survivor.Phone);
        Assert.Equal(38, taken.Survivor.Age);
        Assert.Null(taken.Incident);

        var edit = CaseChange.Update(WithSurvivor(ReferralStatuses.Accepted, change.RowsOf<ReferralEntity>().Single().ProviderSnapshot), Caseworker, Now);
        Edit(edit, "+994509999999");

        new KeepProviderSnapshots().Apply(edit);

        Assert.Equal("+994509999999", ReferralSnapshot.Read(edit.RowsOf<ReferralEntity>().Single().ProviderSnapshot!).Survivor.Phone);
    }

    [Fact]
    public void A_completed_referrals_snapshot_never_follows_a_later_edit()
    {
        var snapshot = new ReferralSnapshot(new ReferralSurvivor("Aysel", null, "female", 38, "+994501234567", "az", null, null), Incident: null).Write();
        var change = CaseChange.Update(WithSurvivor(ReferralStatuses.Completed, snapshot), Caseworker, Now);
        Edit(change, "+994509999999");

        new KeepProviderSnapshots().Apply(change);

        Assert.Equal(snapshot, change.RowsOf<ReferralEntity>().Single().ProviderSnapshot);
        Assert.Empty(Written<ReferralEntity>(change));
    }

    [Theory]
    [InlineData(ReferralStatuses.Cancelled, false)]
    [InlineData(ReferralStatuses.Requested, false)]
    [InlineData(ReferralStatuses.Completed, true)]
    public void A_referral_no_provider_may_read_keeps_no_snapshot(string status, bool accessEnded)
    {
        var before = WithSurvivor(status, snapshot: "{}");
        before.ReferralRows().Single().ProviderAccessEndedAt = accessEnded ? Now : null;
        var change = CaseChange.Update(before, Caseworker, Now);
        Edit(change, "+994509999999");

        new KeepProviderSnapshots().Apply(change);

        Assert.Null(change.RowsOf<ReferralEntity>().Single().ProviderSnapshot);
    }

    [Fact]
    public void Withdrawing_referral_consent_cancels_the_open_referrals()
    {
        var before = Existing(consent: true);
        var change = CaseChange.Update(before, Caseworker, Now);
        change.ReplaceDetails(before.Details with { Consent = new ConsentDetails(Referral: false, GivenBy: "survivor") });
        change.AddEvent(CaseEvents.Updated, new CaseUpdated(["consent.referral"]));

        new CancelReferralsWhenCaseEnds().Apply(change);

        Assert.Equal(2, change.RowsOf<ReferralEntity>().Count(referral => referral.Status == ReferralStatuses.Cancelled));
    }

    [Fact]
    public void Another_change_of_the_case_leaves_its_referrals_alone()
    {
        var before = Existing(consent: true);
        var change = CaseChange.Update(before, Caseworker, Now);
        change.ReplaceDetails(before.Details with { LegalBasis = "vital_interest" });
        change.AddEvent(CaseEvents.Updated, new CaseUpdated(["legalBasis"]));

        new CancelReferralsWhenCaseEnds().Apply(change);

        Assert.Equal([CaseEvents.Updated.Name], change.EventTypes);
    }

    private static CaseChange Ending(bool close, bool accessEnded = false)
    {
        var before = Existing(consent: true);
        before.ReferralRows().Single(referral => referral.ReferralId == "completed").ProviderAccessEndedAt = accessEnded ? Now.AddDays(-1) : null;
        var change = CaseChange.Update(before, Caseworker, Now);
        if (close)
        {
            change.Close("moved away");
        }
        else
        {
            change.ReplaceDetails(before.Details with { Consent = new ConsentDetails(Referral: false, GivenBy: "survivor") });
            change.AddEvent(CaseEvents.Updated, new CaseUpdated(["consent.referral"]));
        }

        return change;
    }

    private static IEnumerable<T> Written<T>(CaseChange change) => change.Actions(withOutbox: false).Select(action => action.Entity).OfType<T>();

    private static CaseRecord WithSurvivor(string status, string? snapshot)
    {
        var head = Registration(consent: true).Head;
        head.Version = 4;
        var survivor = new SurvivorDetails("Aysel", "Mammadova", "female", new DateOnly(1988, 3, 14), null, "+994501234567", "az", new LocationDetails("AZ-AGA", null, "Village"), null);
        head.Details = System.Text.Json.JsonSerializer.Serialize(Details(consent: true) with { Survivor = survivor }, CaseJson.Api.CaseDetails);
        var referral = Referral("completed", status, status == ReferralStatuses.Requested ? null : "provider-b");
        referral.ProviderSnapshot = snapshot;
        return new CaseRecord(head, [referral]);
    }

    private static void Edit(CaseChange change, string phone)
    {
        change.ReplaceDetails(change.Details with { Survivor = change.Details.Survivor! with { Phone = phone } });
        change.AddEvent(CaseEvents.Updated, new CaseUpdated(["survivor.phone"]));
    }

    private static CaseDetails Details(bool consent) => new(
        "survivor",
        Survivor: null,
        Incident: null,
        "consent",
        new ConsentDetails(consent, "survivor"),
        [new NeedDetails("legal", "routine", Notes: null), new NeedDetails("medical", "emergency", Notes: null)]);

    private static CaseChange Registration(bool consent)
    {
        var change = CaseChange.Create(new CaseHeadEntity { PartitionKey = "0123456789abcdef0123456789abcdef", Organization = "org-a" }, Details(consent), Caseworker, Now);
        change.AddEvent(CaseEvents.Registered, new CaseRegistered("survivor", 2));
        return change;
    }

    private static CaseRecord Existing(bool consent)
    {
        var registration = Registration(consent);
        var head = registration.Head;
        head.Version = 4;
        return new CaseRecord(head, [Referral("offered", ReferralStatuses.Offered, "provider-a"), Referral("requested", ReferralStatuses.Requested, null), Referral("completed", ReferralStatuses.Completed, "provider-b")]);
    }

    private static ReferralEntity Referral(string id, string status, string? providerId) =>
        new() { RowKey = ReferralEntity.RowKeyOf(id), ReferralId = id, ServiceType = "legal", Urgency = "routine", Status = status, ProviderId = providerId };
}
