using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using VictimAssistance.Core.Providers;

namespace VictimAssistance.Core.Notifications;

/// <summary>
/// Sends a notice by email through the configured SMTP server (MailKit), one message to all of the provider's
/// addresses. A 4xx reply or no connection is transient (the queue retries); a 5xx reply is permanent.
/// </summary>
public sealed class EmailSender(IOptions<EmailOptions> options, TimeProvider time)
{
    public async Task<DeliveryResult> SendAsync(NotifyProviderMessage notice, Provider provider, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return new(DeliveryOutcome.Refused, null, DeliveryReasons.EmailNotConfigured);
        }

        using var message = EmailNotice.Build(notice, provider.Languages, MailboxAddress.Parse(settings.From!), provider.EmailAddresses, time.GetUtcNow());
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, SocketOptions(settings.Tls), cancellationToken).ConfigureAwait(false);
            if (settings is { UserName: { Length: > 0 } userName, Password: { } password })
            {
                await client.AuthenticateAsync(userName, password, cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return new(DeliveryOutcome.Delivered, null, DeliveryReasons.Delivered);
        }
        catch (SmtpCommandException rejected) when ((int)rejected.StatusCode >= 500)
        {
            return new(DeliveryOutcome.Refused, (int)rejected.StatusCode, DeliveryReasons.SmtpRejected);
        }
        catch (SmtpCommandException deferred)
        {
            return new(DeliveryOutcome.Failed, (int)deferred.StatusCode, DeliveryReasons.SmtpDeferred);
        }
        catch (Exception failure) when (failure is AuthenticationException or NotSupportedException)
        {
            // NotSupportedException: credentials are set but the server offers no authentication mechanism.
            return new(DeliveryOutcome.Failed, null, DeliveryReasons.SmtpAuthentication);
        }
        catch (TimeoutException)
        {
            return new(DeliveryOutcome.Failed, null, DeliveryReasons.Timeout);
        }
        catch (Exception failure) when (failure is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException)
        {
            return new(DeliveryOutcome.Failed, null, DeliveryReasons.Unreachable);
        }
    }

    private static SecureSocketOptions SocketOptions(EmailTls tls) => tls switch
    {
        EmailTls.None => SecureSocketOptions.None,
        EmailTls.Implicit => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
