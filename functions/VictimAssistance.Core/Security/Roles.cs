namespace VictimAssistance.Core.Security;

public static class Roles
{
    public const string Caseworker = "caseworker";
    public const string Provider = "provider";
    public const string Manager = "manager";
    public const string Admin = "admin";

    /// <summary>The national mine action agency: statistics across every organisation, never a case, referral or provider.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>The app itself (router, expiry timer) as the actor of a history event; never a token's role.</summary>
    public const string System = "system";

    /// <summary>The roles that work with records (cases, referrals, the provider directory): all but the coordinator.</summary>
    public static readonly IReadOnlyList<string> RecordRoles = [Caseworker, Provider, Manager, Admin];

    public static readonly IReadOnlyList<string> All = [.. RecordRoles, Coordinator];

    /// <summary>Who can appear as the actor of a history event.</summary>
    public static readonly IReadOnlyList<string> Actors = [.. All, System];
}
