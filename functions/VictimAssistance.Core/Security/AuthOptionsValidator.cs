using System.Text;
using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Security;

/// <summary>Refuses to start with a development key outside local development, or a key too short for HS256.</summary>
public sealed class AuthOptionsValidator(HostingEnvironmentInfo environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.DevSigningKey))
        {
            return ValidateOptionsResult.Success;
        }

        if (KeyVaultReference.IsUnresolved(options.DevSigningKey))
        {
            return ValidateOptionsResult.Fail(KeyVaultReference.Unresolved("Auth:DevSigningKey"));
        }

        if (!environment.IsLocalDevelopment)
        {
            return ValidateOptionsResult.Fail("Auth:DevSigningKey is accepted only in local development (Hosting:Mode Development on a loopback address); use Auth:Authority and Auth:Audience.");
        }

        return Encoding.UTF8.GetByteCount(options.DevSigningKey) < AuthOptions.MinimumDevKeyBytes
            ? ValidateOptionsResult.Fail($"Auth:DevSigningKey must be at least {AuthOptions.MinimumDevKeyBytes} bytes.")
            : ValidateOptionsResult.Success;
    }
}
