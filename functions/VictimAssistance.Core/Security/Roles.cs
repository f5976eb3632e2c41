namespace VictimAssistance.Core.Security;

public static class Roles
{
    public const string Caseworker = "caseworker";
    public const string Provider = "provider";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Caseworker, Provider, Manager, Admin];
}
