using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StandardWebhooks;

namespace VictimAssistance.Core.Notifications;

public enum DeliveryOutcome
{
    Delivered,

    /// <summary>The receiver answered 410 Gone: it wants no more notifications.</summary>
    Gone,

    /// <summary>Permanent, retrying cannot help: a URL or address not allowed, an SMTP 5xx reply, no channel to send on.</summary>
    Refused,

    /// <summary>Another status or SMTP 4xx reply, a timeout or no connection (after any in-process retries): the queue retries.</summary>
    Failed,
}

/// <summary>How one delivery ended: the last status code received, if any, and a reason code (never a URL or a message).</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, int? StatusCode, string Reason);

/// <summary>
/// Signs a notification (Standard Webhooks, with the StandardWebhooks package) and POSTs it through the named
/// client, whose standard resilience handler retries it in process with the same id, timestamp and signature.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookAddressGuard guard, TimeProvider time)
{
    public const string ClientName = "provider-webhooks";

    /// <summary>Names the sender to receivers and their firewalls; the version is the webhook format's.</summary>
    public const string UserAgent = "VictimAssistance-Webhooks/1.0";

    public async Task<DeliveryResult> SendAsync(Uri url, string secret, string webhookId, string body, CancellationToken cancellationToken)
    {
        if (!guard.IsAllowedUrl(url))
        {
            return new(DeliveryOutcome.Refused, null, DeliveryReasons.UrlRefused);
        }

        var timestamp = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(webhookId, timestamp, body));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? new(DeliveryOutcome.Delivered, status, DeliveryReasons.Delivered)
                : response.StatusCode == HttpStatusCode.Gone ? new(DeliveryOutcome.Gone, status, DeliveryReasons.WebhookGone)
                : new(DeliveryOutcome.Failed, status, DeliveryReasons.HttpStatus);
        }
        catch (HttpRequestException exception) when (WebhookRefusedException.Within(exception) is { } refused)
        {
            return new(DeliveryOutcome.Refused, null, refused.Reason);
        }
        catch (HttpRequestException)
        {
            return new(DeliveryOutcome.Failed, null, DeliveryReasons.Unreachable);
        }
        catch (TimeoutRejectedException)
        {
            return new(DeliveryOutcome.Failed, null, DeliveryReasons.Timeout);
        }
        catch (BrokenCircuitException)
        {
            return new(DeliveryOutcome.Failed, null, DeliveryReasons.CircuitOpen);
        }
    }
}
