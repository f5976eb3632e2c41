using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Security;

/// <summary>
/// The one rule for what a caller may see or change. Everything a caller may not see is answered exactly like
/// something that does not exist (404), so no route reveals another organisation's or provider's records.
/// </summary>
public static class AccessPolicy
{
    /// <summary>A case: the caseworkers of its organisation, and admins.</summary>
    public static bool MayAccessCase(Caller caller, string caseOrganization) => caller.Scope switch
    {
        AllRecords => true,
        OrganizationScope scope => scope.Organization == caseOrganization,
        _ => false,
    };

    /// <summary>A referral: the provider it is offered to (or that accepted or completed it), and admins.</summary>
    public static bool MayAccessReferral(Caller caller, string? referralProviderId) => IsProviderOrAdmin(caller, referralProviderId);

    /// <summary>A provider's notification channels (webhook URL, email addresses): the provider itself, and admins.</summary>
    public static bool MaySeeProviderChannels(Caller caller, string providerId) => IsProviderOrAdmin(caller, providerId);

    /// <summary>
    /// Whose cases a statistics query counts: a manager's own organisation (naming another is refused); the
    /// coordinator's and an admin's named one, or every organisation (null). Never a record, only aggregates.
    /// </summary>
    public static Outcome<string?> StatisticsOrganization(Caller caller, string? requested) => caller.Scope switch
    {
        AllRecords or AllStatistics => requested,
        OrganizationScope scope when requested is null || requested == scope.Organization => scope.Organization,
        _ => Problem.Invalid(Field, "may only name your own organisation."),
    };

    /// <summary>The organisation whose case list a caller reads: its own; an admin names one (lists are per organisation).</summary>
    public static Outcome<string> CaseListOrganization(Caller caller, string? requested) => caller.Scope switch
    {
        AllRecords when requested is not null => requested,
        AllRecords => Problem.Invalid(Field, "is required for admin: lists are per organisation."),
        OrganizationScope scope when requested is null || requested == scope.Organization => scope.Organization,
        _ => Problem.Invalid(Field, "may only name your own organisation."),
    };

    /// <summary>The provider whose referral list a caller reads: its own; an admin names one (lists are per provider).</summary>
    public static Outcome<string> ReferralListProvider(Caller caller, string? requested) => caller.Scope switch
    {
        AllRecords when requested is not null => requested,
        AllRecords => Problem.Invalid(ProviderField, "is required for admin: lists are per provider."),
        ProviderScope scope when requested is null || requested == scope.ProviderId => scope.ProviderId,
        _ => Problem.Invalid(ProviderField, "may only name your own provider."),
    };

    private static bool IsProviderOrAdmin(Caller caller, string? providerId) => caller.Scope switch
    {
        AllRecords => true,
        ProviderScope scope => scope.ProviderId == providerId,
        _ => false,
    };

    private const string Field = "organization";
    private const string ProviderField = "providerId";
}
