namespace VictimAssistance.Core.Notifications;

/// <summary>Why a delivery ended as it did, as recorded in <c>notification.failed</c>: codes, never URLs, addresses or messages.</summary>
public static class DeliveryReasons
{
    public const string Delivered = "delivered";

    /// <summary>The provider has neither an enabled webhook nor an email address: recorded once per notification.</summary>
    public const string NoChannel = "no_channel";

    /// <summary>The receiver answered 410 Gone; its webhook is disabled.</summary>
    public const string WebhookGone = "webhook_gone";

    public const string UrlRefused = "url_refused";
    public const string AddressRefused = "address_refused";

    /// <summary>The SMTP server refused the message for good (a 5xx reply, its code in <c>statusCode</c>): not retried.</summary>
    public const string SmtpRejected = "smtp_rejected";

    /// <summary>The provider has email addresses but the app has no SMTP server configured (<c>Email:SmtpHost</c>).</summary>
    public const string EmailNotConfigured = "email_not_configured";

    // Retried: in process, then by the queue; recorded when the last queue attempt failed too.
    public const string HttpStatus = "http_status";
    public const string Timeout = "timeout";
    public const string Unreachable = "unreachable";
    public const string CircuitOpen = "circuit_open";

    /// <summary>The SMTP server deferred the message (a 4xx reply, its code in <c>statusCode</c>).</summary>
    public const string SmtpDeferred = "smtp_deferred";

    /// <summary>The SMTP server refused the app's credentials: a setting to fix, then the poison message to replay.</summary>
    public const string SmtpAuthentication = "smtp_authentication";

    public static readonly IReadOnlyList<string> Failures =
        [NoChannel, WebhookGone, UrlRefused, AddressRefused, SmtpRejected, EmailNotConfigured, HttpStatus, Timeout, Unreachable, CircuitOpen, SmtpDeferred, SmtpAuthentication];
}
