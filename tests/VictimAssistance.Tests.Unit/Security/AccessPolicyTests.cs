using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Security;

public sealed class AccessPolicyTests
{
    private static readonly Caller Caseworker = new("cw", Roles.Caseworker, new OrganizationScope("org-a"));
    private static readonly Caller Manager = new("mgr", Roles.Manager, new OrganizationScope("org-a"));
    private static readonly Caller Provider = new("pr", Roles.Provider, new ProviderScope("provider-a"));
    private static readonly Caller Admin = new("adm", Roles.Admin, new AllRecords());
    private static readonly Caller Coordinator = new("nat", Roles.Coordinator, new AllStatistics());

    [Fact]
    public void A_case_is_reached_by_its_organisation_and_admins_only()
    {
        Assert.True(AccessPolicy.MayAccessCase(Caseworker, "org-a"));
        Assert.False(AccessPolicy.MayAccessCase(Caseworker, "org-b"));
        Assert.False(AccessPolicy.MayAccessCase(Provider, "org-a"));
        Assert.True(AccessPolicy.MayAccessCase(Admin, "org-b"));
    }

    [Fact]
    public void A_referral_is_reached_by_its_provider_and_admins_only()
    {
        Assert.True(AccessPolicy.MayAccessReferral(Provider, "provider-a"));
        Assert.False(AccessPolicy.MayAccessReferral(Provider, "provider-b"));
        Assert.False(AccessPolicy.MayAccessReferral(Provider, null));
        Assert.False(AccessPolicy.MayAccessReferral(Caseworker, "provider-a"));
        Assert.True(AccessPolicy.MayAccessReferral(Admin, null));
    }

    [Fact]
    public void A_providers_channels_are_seen_by_the_provider_itself_and_admins_only()
    {
        Assert.True(AccessPolicy.MaySeeProviderChannels(Provider, "provider-a"));
        Assert.False(AccessPolicy.MaySeeProviderChannels(Provider, "provider-b"));
        Assert.False(AccessPolicy.MaySeeProviderChannels(Caseworker, "provider-a"));
        Assert.False(AccessPolicy.MaySeeProviderChannels(Manager, "provider-a"));
        Assert.True(AccessPolicy.MaySeeProviderChannels(Admin, "provider-a"));
    }

    [Fact]
    public void Statistics_count_the_managers_organisation_or_every_one_for_admins_and_the_coordinator()
    {
        Assert.Equal("org-a", AccessPolicy.StatisticsOrganization(Manager, null).Value);
        Assert.Equal("org-a", AccessPolicy.StatisticsOrganization(Manager, "org-a").Value);
        Assert.NotNull(AccessPolicy.StatisticsOrganization(Manager, "org-b").Problem);
        Assert.NotNull(AccessPolicy.StatisticsOrganization(Provider, null).Problem);
        Assert.Null(AccessPolicy.StatisticsOrganization(Admin, null).Value);
        Assert.Equal("org-b", AccessPolicy.StatisticsOrganization(Admin, "org-b").Value);
        Assert.Null(AccessPolicy.StatisticsOrganization(Coordinator, null).Value);
        Assert.Equal("org-b", AccessPolicy.StatisticsOrganization(Coordinator, "org-b").Value);
    }

    [Fact]
    public void The_coordinator_reaches_no_case_referral_or_list()
    {
        Assert.False(AccessPolicy.MayAccessCase(Coordinator, "org-a"));
        Assert.False(AccessPolicy.MayAccessReferral(Coordinator, "provider-a"));
        Assert.False(AccessPolicy.MayAccessReferral(Coordinator, null));
        Assert.NotNull(AccessPolicy.CaseListOrganization(Coordinator, "org-a").Problem);
        Assert.NotNull(AccessPolicy.ReferralListProvider(Coordinator, "provider-a").Problem);
    }

    [Fact]
    public void A_case_list_is_the_callers_own_organisation_and_admins_name_one()
    {
        Assert.Equal("org-a", AccessPolicy.CaseListOrganization(Caseworker, null).Value);
        Assert.Equal("org-a", AccessPolicy.CaseListOrganization(Caseworker, "org-a").Value);
        Assert.NotNull(AccessPolicy.CaseListOrganization(Caseworker, "org-b").Problem);
        Assert.NotNull(AccessPolicy.CaseListOrganization(Provider, null).Problem);
        Assert.Equal("org-b", AccessPolicy.CaseListOrganization(Admin, "org-b").Value);
        Assert.NotNull(AccessPolicy.CaseListOrganization(Admin, null).Problem);
    }
}
