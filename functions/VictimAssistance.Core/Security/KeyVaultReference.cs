namespace VictimAssistance.Core.Security;

/// <summary>
/// A secret setting that still holds its <c>@Microsoft.KeyVault(…)</c> reference: App Service passes the reference's
/// text through as the value when it cannot resolve it (the identity lacks access, the secret or vault is missing),
/// and that text would otherwise serve as the secret itself. Messages name the setting, never its value.
/// </summary>
public static class KeyVaultReference
{
    private const string Prefix = "@Microsoft.KeyVault(";

    public static bool IsUnresolved(string? value) => value is not null && value.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public static string Unresolved(string setting) =>
        $"{setting} is a Key Vault reference that was not resolved (check the app's access to the vault and the secret's name; "
        + "the portal shows the reference's status under Environment variables). Its text is not used as the secret.";
}
