namespace VictimAssistance.Core.Security;

public static class Roles
{
    public const string Caseworker = "caseworker";
    public const string Provider = "provider";
    public const string Manager = "manager";
    public const string Admin = "admin";

    /// <summary>The app itself (router, expiry timer) as the actor of a history event; never a token's role.</summary>
    public const string System = "system";

    public static readonly IReadOnlyList<string> All = [Caseworker, Provider, Manager, Admin];

    /// <summary>Who can appear as the actor of a history event.</summary>
    public static readonly IReadOnlyList<string> Actors = [.. All, System];
}
