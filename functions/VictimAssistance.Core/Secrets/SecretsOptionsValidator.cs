using Microsoft.Extensions.Options;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Core.Secrets;

/// <summary>
/// Refuses to start without a usable current data key, with a key that is not 32 bytes of base64 (an unresolved Key
/// Vault reference among them), or with the sample's published key outside local development. Messages name key
/// ids, never a key.
/// </summary>
public sealed class SecretsOptionsValidator(HostingEnvironmentInfo environment) : IValidateOptions<SecretsOptions>
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(";

    public ValidateOptionsResult Validate(string? name, SecretsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.CurrentKeyId))
        {
            failures.Add("Secrets:CurrentKeyId is required: the id of the data key (Secrets:DataKeys:{id}) that seals stored secrets.");
        }
        else if (!options.DataKeys.ContainsKey(options.CurrentKeyId))
        {
            failures.Add($"Secrets:CurrentKeyId names key '{options.CurrentKeyId}', which is not among Secrets:DataKeys.");
        }

        foreach (var (keyId, key) in options.DataKeys)
        {
            failures.AddRange(KeyFailures(keyId, key));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> KeyFailures(string keyId, string key)
    {
        if (!SealedSecrets.IsWellFormedKeyId(keyId))
        {
            yield return "A Secrets:DataKeys id must be 1 to 32 lower-case letters and digits.";
            yield break;
        }

        var bytes = new byte[SecretsOptions.KeyBytes + 3];
        if (key.StartsWith(KeyVaultReference, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Secrets:DataKeys:{keyId} is a Key Vault reference the platform did not resolve (check the app's identity and access to the vault).";
        }
        else if (!Convert.TryFromBase64String(key, bytes, out var length) || length != SecretsOptions.KeyBytes)
        {
            yield return $"Secrets:DataKeys:{keyId} must be the base64 of {SecretsOptions.KeyBytes} random bytes.";
        }
        else if (key == SecretsOptions.PublishedLocalKey && !environment.IsLocalDevelopment)
        {
            yield return $"Secrets:DataKeys:{keyId} is the published key of local.settings.sample.json, for local development only.";
        }
    }
}
