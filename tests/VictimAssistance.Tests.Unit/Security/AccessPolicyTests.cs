using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Security;

public sealed class AccessPolicyTests
{
    private static readonly Caller Caseworker = new("cw", Roles.Caseworker, new OrganizationScope("org-a"));
    private static readonly Caller Manager = new("mgr", Roles.Manager, new OrganizationScope("org-a"));
    private static readonly Caller Provider = new("pr", Roles.Provider, new ProviderScope("provider-a"));
    private static readonly Caller Admin = new("adm", Roles.Admin, new AllRecords());

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
    public void Statistics_count_the_managers_organisation_or_every_one_for_admins()
    {
        Assert.True(AccessPolicy.MayCountOrganization(Manager, "org-a"));
        Assert.False(AccessPolicy.MayCountOrganization(Manager, "org-b"));
        Assert.False(AccessPolicy.MayCountOrganization(Provider, "org-a"));
        Assert.True(AccessPolicy.MayCountOrganization(Admin, "org-b"));
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
