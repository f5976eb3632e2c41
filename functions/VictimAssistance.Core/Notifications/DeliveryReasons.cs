namespace VictimAssistance.Core.Notifications;

/// <summary>Why a delivery ended as it did, as recorded in <c>notification.failed</c>: codes, never URLs or messages.</summary>
public static class DeliveryReasons
{
    public const string Delivered = "delivered";

    /// <summary>The receiver answered 410 Gone; its webhook is disabled.</summary>
    public const string WebhookGone = "webhook_gone";

    public const string UrlRefused = "url_refused";
    public const string AddressRefused = "address_refused";

    // Retried: in process, then by the queue; recorded when the last queue attempt failed too.
    public const string HttpStatus = "http_status";
    public const string Timeout = "timeout";
    public const string Unreachable = "unreachable";
    public const string CircuitOpen = "circuit_open";

    public static readonly IReadOnlyList<string> Failures = [WebhookGone, UrlRefused, AddressRefused, HttpStatus, Timeout, Unreachable, CircuitOpen];
}
