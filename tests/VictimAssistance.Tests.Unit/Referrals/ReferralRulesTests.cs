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
        Assert.Equal([CaseEvents.Closed.Name, "referral.cancelled", "referral.cancelled"], change.EventTypes);
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
