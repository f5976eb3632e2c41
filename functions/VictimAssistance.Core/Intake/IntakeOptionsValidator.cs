using Microsoft.Extensions.Configuration;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Core.Intake;

/// <summary>
/// Refuses to start with an intake key that is short enough to guess, without an organisation, given twice,
/// or in the old shape <c>Intake:Keys:{key} = organisation</c> (which binding would skip silently).
/// </summary>
public sealed partial class IntakeOptionsValidator(IConfiguration configuration, HostingEnvironmentInfo environment) : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();

        // The setting's name would be the secret, so the message never repeats it.
        if (configuration.GetSection($"{IntakeOptions.SectionName}:Keys").GetChildren().Any(child => child.Value is not null))
        {
            failures.Add("An Intake:Keys setting has the key in its name; set Intake:Keys:{n}:Key and Intake:Keys:{n}:Organization instead.");
        }

        for (var index = 0; index < options.Keys.Count; index++)
        {
            var entry = options.Keys[index];
            if (KeyVaultReference.IsUnresolved(entry.Key))
            {
                failures.Add(KeyVaultReference.Unresolved($"Intake:Keys:{index}:Key"));
            }
            else if (entry.Key.Length < IntakeOptions.MinimumKeyLength)
            {
                failures.Add($"Intake:Keys:{index}:Key must be at least {IntakeOptions.MinimumKeyLength} characters.");
            }

            if (string.IsNullOrWhiteSpace(entry.Organization))
            {
                failures.Add($"Intake:Keys:{index}:Organization is required.");
            }

            if (entry.Kobo.IsConfigured)
            {
                failures.AddRange(KoboFailures($"Intake:Keys:{index}:Kobo", entry.Kobo));
            }
        }

        if (options.HeldAlertAfter <= TimeSpan.Zero)
        {
            failures.Add("Intake:HeldAlertAfter must be a positive time span (e.g. 2.00:00:00).");
        }

        if (options.Keys.Select(entry => entry.Key).Distinct(StringComparer.Ordinal).Count() != options.Keys.Count)
        {
            failures.Add("Intake:Keys holds the same key twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The reconciliation sends the API token to the server: https only, except http to loopback in local development (tests).</summary>
    private IEnumerable<string> KoboFailures(string section, KoboServer kobo)
    {
        if (!Uri.TryCreate(kobo.ServerUrl, UriKind.Absolute, out var server) || server.UserInfo.Length > 0
            || !(server.Scheme == Uri.UriSchemeHttps || (server.Scheme == Uri.UriSchemeHttp && server.IsLoopback && environment.IsLocalDevelopment)))
        {
            yield return $"{section}:ServerUrl must be an absolute https URL (http only to a loopback host, in local development).";
        }

        if (!AssetUid().IsMatch(kobo.AssetUid))
        {
            yield return $"{section}:AssetUid must be the project's asset uid (letters and digits).";
        }

        if (string.IsNullOrWhiteSpace(kobo.ApiToken))
        {
            yield return $"{section}:ApiToken is required.";
        }
        else if (KeyVaultReference.IsUnresolved(kobo.ApiToken))
        {
            yield return KeyVaultReference.Unresolved($"{section}:ApiToken");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,64}$")]
    private static partial Regex AssetUid();
}
