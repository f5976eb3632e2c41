using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Foundation;

public sealed class AuthOptionsTests
{
    [Fact]
    public void A_development_key_outside_local_development_is_a_startup_error()
    {
        var validator = new AuthOptionsValidator(new HostingEnvironmentInfo(IsLocalDevelopment: false));

        var result = validator.Validate(null, new AuthOptions { DevSigningKey = new string('k', 40) });

        Assert.True(result.Failed);
    }

    [Fact]
    public void An_unresolved_Key_Vault_reference_as_the_development_key_is_refused_without_repeating_it()
    {
        var validator = new AuthOptionsValidator(new HostingEnvironmentInfo(IsLocalDevelopment: true));

        var result = validator.Validate(null, new AuthOptions { DevSigningKey = "@Microsoft.KeyVault(VaultName=kv-va-prod;SecretName=signing)" });

        Assert.True(result.Failed);
        Assert.Contains("Auth:DevSigningKey is a Key Vault reference", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-va-prod", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_development_key_shorter_than_32_bytes_is_refused()
    {
        var validator = new AuthOptionsValidator(new HostingEnvironmentInfo(IsLocalDevelopment: true));

        Assert.True(validator.Validate(null, new AuthOptions { DevSigningKey = new string('k', 31) }).Failed);
        Assert.True(validator.Validate(null, new AuthOptions { DevSigningKey = new string('k', 32) }).Succeeded);
    }

    [Fact]
    public void Entra_settings_without_a_development_key_are_valid_outside_local_development()
    {
        var validator = new AuthOptionsValidator(new HostingEnvironmentInfo(IsLocalDevelopment: false));

        var result = validator.Validate(null, new AuthOptions { Authority = "https://login.microsoftonline.com/tenant/v2.0", Audience = "api://va" });

        Assert.True(result.Succeeded);
    }
}
