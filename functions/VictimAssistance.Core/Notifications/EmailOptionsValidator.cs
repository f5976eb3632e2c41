using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Core.Notifications;

/// <summary>Refuses to start with email settings that could not send, or that would send in clear text off this machine.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.SmtpPort is < 1 or > 65535)
        {
            failures.Add("Email:SmtpPort must be 1 to 65535.");
        }

        if (options.From is null || !MailboxAddress.TryParse(options.From, out var from) || from.Address.Length == 0 || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            failures.Add("Email:From must be one email address.");
        }

        if (options.Tls == EmailTls.None && !IsLoopback(options.SmtpHost))
        {
            failures.Add("Email:Tls None (no encryption) is allowed only towards a loopback host; use StartTls or Implicit.");
        }

        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            failures.Add("Email:UserName and Email:Password are set together or not at all.");
        }

        if (KeyVaultReference.IsUnresolved(options.Password))
        {
            failures.Add(KeyVaultReference.Unresolved("Email:Password"));
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > DeliveryLedger.Lease / 4)
        {
            failures.Add($"Email:Timeout must be positive and at most {DeliveryLedger.Lease / 4}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
