using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Intake;

public sealed class IntakeOptionsTests
{
    private const string GoodKey = "k0123456789abcdef0123456789abcdef";

    [Fact]
    public void Keys_are_bound_as_a_list_of_key_and_organisation()
    {
        var options = Bind(new()
        {
            ["Intake:Keys:0:Key"] = GoodKey,
            ["Intake:Keys:0:Organization"] = "org-a",
            ["Intake:Keys:1:Key"] = GoodKey + "b",
            ["Intake:Keys:1:Organization"] = "org-b",
        });

        Assert.Equal(["org-a", "org-b"], options.Keys.Select(entry => entry.Organization));
        Assert.Equal(GoodKey, options.Keys[0].Key);
    }

    [Fact]
    public void No_keys_is_valid()
    {
        Assert.Empty(Bind([]).Keys);
    }

    [Fact]
    public void A_key_shorter_than_32_characters_is_refused_at_start_up()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Intake:Keys:0:Key"] = new string('k', IntakeOptions.MinimumKeyLength - 1),
            ["Intake:Keys:0:Organization"] = "org-a",
        }));

        Assert.Contains("Intake:Keys:0:Key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-va-prod.vault.azure.net/secrets/intake-key-0/)")]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-va-prod;SecretName=intake-key-0)")]
    [InlineData(" @microsoft.keyvault(VaultName=kv-va-prod;SecretName=intake-key-0)")]
    public void An_unresolved_Key_Vault_reference_is_refused_at_start_up_without_repeating_it(string reference)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Intake:Keys:0:Key"] = reference,
            ["Intake:Keys:0:Organization"] = "org-a",
        }));

        Assert.Contains("Intake:Keys:0:Key is a Key Vault reference that was not resolved", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-va-prod", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("intake-key-0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unresolved_Key_Vault_reference_as_the_kobo_token_is_refused()
    {
        var key = new IntakeKey { Key = GoodKey, Organization = "org-a" };
        key.Kobo.ServerUrl = "https://kf.kobotoolbox.org";
        key.Kobo.AssetUid = "aHk3Vd9sWq2LmN8pRt5YxZ";
        key.Kobo.ApiToken = "@Microsoft.KeyVault(VaultName=kv-va-prod;SecretName=kobo-token)";

        var result = new IntakeOptionsValidator(new ConfigurationBuilder().Build(), Local).Validate(null, Options(key));

        Assert.Contains("Intake:Keys:0:Kobo:ApiToken is a Key Vault reference", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void The_old_shape_with_the_key_in_the_setting_name_is_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [$"Intake:Keys:{GoodKey}"] = "org-a" }));

        Assert.DoesNotContain(GoodKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_without_organisation_or_given_twice_is_refused()
    {
        var result = new IntakeOptionsValidator(new ConfigurationBuilder().Build(), Local).Validate(null, Options(
            new IntakeKey { Key = GoodKey, Organization = "org-a" },
            new IntakeKey { Key = GoodKey, Organization = " " }));

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
    }

    [Theory]
    [InlineData("https://kf.kobotoolbox.org", false, true)]
    [InlineData("http://127.0.0.1:5123", false, true)]
    [InlineData("http://127.0.0.1:5123", true, false)]
    [InlineData("http://kf.kobotoolbox.org", false, false)]
    [InlineData("https://user:secret@kf.kobotoolbox.org", false, false)]
    public void A_kobo_server_is_https_or_locally_http_on_loopback(string serverUrl, bool inAzure, bool valid)
    {
        var key = new IntakeKey { Key = GoodKey, Organization = "org-a" };
        key.Kobo.ServerUrl = serverUrl;
        key.Kobo.AssetUid = "aHk3Vd9sWq2LmN8pRt5YxZ";
        key.Kobo.ApiToken = "token";

        var result = new IntakeOptionsValidator(new ConfigurationBuilder().Build(), new HostingEnvironmentInfo(IsLocalDevelopment: !inAzure)).Validate(null, Options(key));

        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void A_kobo_server_needs_its_asset_and_token()
    {
        var key = new IntakeKey { Key = GoodKey, Organization = "org-a" };
        key.Kobo.ServerUrl = "https://kf.kobotoolbox.org";

        var result = new IntakeOptionsValidator(new ConfigurationBuilder().Build(), Local).Validate(null, Options(key));

        Assert.Equal(2, result.Failures!.Count());
    }

    private static readonly HostingEnvironmentInfo Local = new(IsLocalDevelopment: true);

    private static IntakeOptions Options(params IntakeKey[] keys)
    {
        var options = new IntakeOptions();
        foreach (var key in keys)
        {
            options.Keys.Add(key);
        }

        return options;
    }

    // The registration of the app (ValidateOnStart) without the rest of the core services.
    private static IntakeOptions Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName);
        services.AddSingleton(Local);
        services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();
        return services.BuildServiceProvider().GetRequiredService<IOptions<IntakeOptions>>().Value;
    }
}
