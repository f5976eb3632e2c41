using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Core.Notifications;

/// <summary>A webhook URL or address that delivery refuses (SSRF guard); permanent, never retried.</summary>
public sealed class WebhookRefusedException(string reason) : Exception($"The webhook was refused: {reason}.")
{
    public string Reason { get; } = reason;

    /// <summary>The refusal inside an exception the HTTP stack wrapped around it, if any.</summary>
    public static WebhookRefusedException? Within(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is WebhookRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}

/// <summary>
/// Where webhooks may go. Only https to public addresses, except in local development (see
/// <see cref="HostingEnvironmentInfo"/>) without <see cref="NotificationOptions.RequirePublicAddresses"/>: there
/// also http to loopback, and any address. Addresses are checked when the connection is made, and the
/// connection goes to the address that was checked, so neither a redirect (never followed) nor a DNS answer that
/// changes between check and connect reaches an internal address.
/// </summary>
public sealed class WebhookAddressGuard(HostingEnvironmentInfo environment, IOptions<NotificationOptions> options)
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), // link-local, including 169.254.169.254 (instance metadata)
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/3"), // multicast, reserved, broadcast
        IPNetwork.Parse("168.63.129.16/32"), // Azure platform: DNS, health probes, the VM agent
        IPNetwork.Parse("192.88.99.0/24"), // 6to4 relay anycast
        IPNetwork.Parse("::/96"), // unspecified, loopback and IPv4-compatible (::a9fe:a9fe is 169.254.169.254)
        IPNetwork.Parse("::ffff:0:0:0/96"), // IPv4-translated (SIIT): may embed any IPv4 address
        IPNetwork.Parse("64:ff9b::/96"), // NAT64: may embed any IPv4 address
        IPNetwork.Parse("64:ff9b:1::/48"), // local-use NAT64
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001::/32"), // Teredo
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("2002::/16"), // 6to4: may embed any IPv4 address
        IPNetwork.Parse("fc00::/7"), // unique-local, including fd00:ec2::254 (instance metadata)
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"), // site-local (deprecated, still routed inside some networks)
        IPNetwork.Parse("ff00::/8"),
    ];

    public bool RequiresPublicAddresses => !environment.IsLocalDevelopment || options.Value.RequirePublicAddresses;

    public static bool IsPublic(IPAddress address)
    {
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return !NonPublic.Any(network => network.Contains(normalized));
    }

    public bool IsAllowedUrl(Uri url) =>
        url.IsAbsoluteUri && url.UserInfo.Length == 0
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback && !RequiresPublicAddresses));

    /// <summary>
    /// Whether an admin may save the URL for a provider: what delivery allows, and under the public-address rules
    /// also a host that cannot be public whatever DNS answers: an IP literal that is not public (including the
    /// shorthand forms such as <c>0</c> or <c>2130706433</c>), and <c>localhost</c> with its subdomains (RFC 6761).
    /// Other host names are checked against their addresses at every delivery.
    /// </summary>
    public bool IsAllowedToSave(Uri url) => IsAllowedUrl(url) && !(RequiresPublicAddresses && NamesNonPublicHost(url));

    private static bool NamesNonPublicHost(Uri url)
    {
        var host = url.IdnHost.TrimEnd('.');
        return url.IsLoopback
            || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var literal) && !IsPublic(literal));
    }

    /// <summary>The addresses of the host that delivery may connect to: all of them locally, only public ones otherwise.</summary>
    public IReadOnlyList<IPAddress> Allowed(IEnumerable<IPAddress> addresses) =>
        addresses.Where(address => !RequiresPublicAddresses || IsPublic(address)).ToList();

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve, check, connect to a checked address.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = Allowed(resolved);
        if (allowed.Count == 0)
        {
            throw new WebhookRefusedException(DeliveryReasons.AddressRefused);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
