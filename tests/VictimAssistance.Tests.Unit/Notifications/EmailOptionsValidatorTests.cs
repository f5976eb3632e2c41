using VictimAssistance.Core.Notifications;

namespace VictimAssistance.Tests.Notifications;

public sealed class EmailOptionsValidatorTests
{
    private static readonly EmailOptionsValidator Validator = new();

    private static EmailOptions Settings(string host = "smtp.azurecomm.net", EmailTls tls = EmailTls.StartTls, string? from = "referrals@programme.example", string? user = "user", string? password = "pw") =>
        new() { SmtpHost = host, SmtpPort = 587, Tls = tls, From = from, UserName = user, Password = password };

    [Fact]
    public void An_unresolved_Key_Vault_reference_as_the_password_is_refused_without_repeating_it()
    {
        var result = Validator.Validate(null, Settings(password: "@Microsoft.KeyVault(VaultName=kv-va-prod;SecretName=smtp-password)"));

        Assert.Contains("Email:Password is a Key Vault reference", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("smtp-password", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void No_host_means_no_email_and_starts() =>
        Assert.True(Validator.Validate(null, new EmailOptions()).Succeeded);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    public void Plain_smtp_is_allowed_towards_loopback(string host) =>
        Assert.True(Validator.Validate(null, Settings(host, EmailTls.None, user: null, password: null)).Succeeded);

    [Theory]
    [InlineData("smtp.azurecomm.net")]
    [InlineData("10.0.0.5")]
    public void Plain_smtp_is_refused_towards_any_other_host(string host)
    {
        var result = Validator.Validate(null, Settings(host, EmailTls.None));

        Assert.True(result.Failed);
        Assert.Contains("Email:Tls", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not an address")]
    public void A_sender_address_is_required(string? from) =>
        Assert.Contains("Email:From", Validator.Validate(null, Settings(from: from)).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void A_password_without_a_user_name_is_refused_and_never_named_in_the_failure()
    {
        var result = Validator.Validate(null, Settings(user: null, password: "s3cret-value"));

        Assert.True(result.Failed);
        Assert.DoesNotContain("s3cret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_with_credentials_towards_a_public_host_starts() =>
        Assert.True(Validator.Validate(null, Settings(tls: EmailTls.Implicit)).Succeeded);
}
