namespace VictimAssistance.Core.Secrets;

/// <summary>
/// The data keys that seal secrets at rest (<c>Secrets:DataKeys:{keyId}</c>, each the base64 of 32 random bytes; in
/// Azure Key Vault references) and the id of the one new values are sealed with (<c>Secrets:CurrentKeyId</c>).
/// Older keys stay listed for as long as a value sealed with them may be read (rows not yet resealed, backups).
/// </summary>
public sealed class SecretsOptions
{
    public const string SectionName = "Secrets";
    public const int KeyBytes = 32;

    /// <summary>The key of <c>local.settings.sample.json</c>: published with the code, so refused outside local development.</summary>
    public const string PublishedLocalKey = "Np8PUwPzwezwx7V+G/IJjpSWEzhKiatYh982ePnROWc=";

    public Dictionary<string, string> DataKeys { get; } = [];

    public string? CurrentKeyId { get; set; }
}
