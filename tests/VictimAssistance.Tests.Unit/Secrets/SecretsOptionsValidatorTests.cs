using Microsoft.Extensions.Configuration;
using VictimAssistance.Core.Secrets;
using VictimAssistance.Core.Security;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Secrets;

public sealed class SecretsOptionsValidatorTests
{
    private const string Key = "Apwuhat73LbePkj55B3sixqFb6c1HQRdMdhGkqrZZQ8=";

    private static readonly SecretsOptionsValidator Strict = new(new HostingEnvironmentInfo(IsLocalDevelopment: false));

    [Fact]
    public void A_current_key_among_the_data_keys_is_valid()
    {
        Assert.True(Strict.Validate(null, Options("k1", ("k1", Key))).Succeeded);
    }

    [Fact]
    public void Without_any_key_the_app_does_not_start()
    {
        var result = Strict.Validate(null, new SecretsOptions());

        Assert.True(result.Failed);
        Assert.Contains("Secrets:CurrentKeyId is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_current_key_id_that_names_no_key_is_refused()
    {
        var result = Strict.Validate(null, Options("k2", ("k1", Key)));

        Assert.Contains("'k2'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2hvcnQ=")] // 5 bytes
    [InlineData("not base64 at all")]
    [InlineData("Apwuhat73LbePkj55B3sixqFb6c1HQRdMdhGkqrZZQ8Apwuhat73LbePkj55B3s=")] // 48 bytes
    public void A_key_that_is_not_32_bytes_of_base64_is_refused_without_repeating_it(string key)
    {
        var result = Strict.Validate(null, Options("k1", ("k1", key)));

        Assert.Contains("Secrets:DataKeys:k1 must be the base64 of 32 random bytes", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unresolved_Key_Vault_reference_is_refused_as_such()
    {
        var reference = "@Microsoft.KeyVault(SecretUri=https://kv-va.vault.azure.net/secrets/secrets-data-key-k1/)";

        var result = Strict.Validate(null, Options("k1", ("k1", reference)));

        Assert.Contains("Key Vault reference the platform did not resolve", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_id_with_other_characters_than_lower_case_letters_and_digits_is_refused()
    {
        Assert.True(Strict.Validate(null, Options("Key-1", ("Key-1", Key))).Failed);
    }

    [Fact]
    public void The_published_sample_key_is_refused_outside_local_development_only()
    {
        var options = Options("local", ("local", SecretsOptions.PublishedLocalKey));

        Assert.True(Strict.Validate(null, options).Failed);
        Assert.True(new SecretsOptionsValidator(new HostingEnvironmentInfo(IsLocalDevelopment: true)).Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_published_key_is_the_one_the_settings_sample_brings()
    {
        var sample = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryLayout.FindRoot(), FunctionsHostSettings.SampleFileName))
            .Build().GetSection("Values");

        Assert.Equal(SecretsOptions.PublishedLocalKey, sample[$"Secrets__DataKeys__{sample["Secrets__CurrentKeyId"]}"]);
    }

    private static SecretsOptions Options(string current, params (string Id, string Key)[] keys)
    {
        var options = new SecretsOptions { CurrentKeyId = current };
        foreach (var (id, key) in keys)
        {
            options.DataKeys[id] = key;
        }

        return options;
    }
}
