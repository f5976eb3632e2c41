using System.Net;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Notifications;

public sealed class WebhookAddressGuardTests
{
    private static readonly WebhookAddressGuard Local = Guard(runningInAzure: false, requirePublic: false);
    private static readonly WebhookAddressGuard Azure = Guard(runningInAzure: true, requirePublic: false);

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("0.0.0.0")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a00:1::")]
    [InlineData("168.63.129.16")]
    [InlineData("::a9fe:a9fe")]
    [InlineData("::7f00:1")]
    [InlineData("64:ff9b:1::a9fe:a9fe")]
    [InlineData("fec0::1")]
    [InlineData("::ffff:0:a9fe:a9fe")]
    [InlineData("::ffff:0:808:808")]
    [InlineData("192.88.99.1")]
    public void Private_loopback_link_local_unique_local_and_metadata_addresses_are_not_public(string address) =>
        Assert.False(WebhookAddressGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("52.239.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("168.63.129.17")]
    [InlineData("64:ff9b:2::808:808")]
    public void Internet_addresses_are_public(string address) =>
        Assert.True(WebhookAddressGuard.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void In_Azure_only_public_addresses_of_a_host_may_be_connected_to()
    {
        var resolved = new[] { IPAddress.Parse("10.0.0.4"), IPAddress.Parse("52.239.1.1"), IPAddress.Parse("169.254.169.254") };

        Assert.Equal([IPAddress.Parse("52.239.1.1")], Azure.Allowed(resolved));
        Assert.Empty(Azure.Allowed([IPAddress.Loopback, IPAddress.Parse("fd00:ec2::254")]));
        Assert.Equal(resolved, Local.Allowed(resolved));
    }

    [Fact]
    public void The_setting_applies_the_Azure_rules_locally_too()
    {
        var strict = Guard(runningInAzure: false, requirePublic: true);

        Assert.True(strict.RequiresPublicAddresses);
        Assert.Empty(strict.Allowed([IPAddress.Loopback]));
        Assert.False(strict.IsAllowedUrl(new Uri("http://127.0.0.1:5000/hook")));
    }

    [Theory]
    [InlineData("https://provider.example/hooks", true, true)]
    [InlineData("http://provider.example/hooks", false, false)]
    [InlineData("http://127.0.0.1:5000/hooks", true, false)]
    [InlineData("http://localhost:5000/hooks", true, false)]
    [InlineData("https://user:password@provider.example/hooks", false, false)]
    [InlineData("ftp://provider.example/hooks", false, false)]
    public void Urls_are_https_or_http_to_loopback_when_running_locally(string url, bool allowedLocally, bool allowedInAzure)
    {
        Assert.Equal(allowedLocally, Local.IsAllowedUrl(new Uri(url)));
        Assert.Equal(allowedInAzure, Azure.IsAllowedUrl(new Uri(url)));
    }

    [Theory]
    [InlineData("https://169.254.169.254/")]
    [InlineData("https://169.254.169.254/metadata/instance")]
    [InlineData("https://10.0.0.1/")]
    [InlineData("https://0/")]
    [InlineData("https://0.0.0.0/")]
    [InlineData("https://2130706433/")]
    [InlineData("https://0x7f.1/")]
    [InlineData("https://127.0.0.1:8443/hooks")]
    [InlineData("https://192.168.1.20/hooks")]
    [InlineData("https://172.16.0.1/hooks")]
    [InlineData("https://100.64.0.1/hooks")]
    [InlineData("https://168.63.129.16/")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[fe80::1]/hooks")]
    [InlineData("https://[fd00:ec2::254]/")]
    [InlineData("https://[::ffff:169.254.169.254]/")]
    [InlineData("https://[::a9fe:a9fe]/")]
    [InlineData("https://[64:ff9b:1::a00:1]/")]
    [InlineData("https://localhost/hooks")]
    [InlineData("https://LOCALHOST./hooks")]
    [InlineData("https://api.localhost/hooks")]
    [InlineData("http://provider.example/hooks")]
    [InlineData("http://127.0.0.1:5000/hooks")]
    public void Under_the_public_address_rules_a_url_whose_host_cannot_be_public_is_refused_when_saved(string url)
    {
        Assert.False(Azure.IsAllowedToSave(new Uri(url)));
        Assert.False(Guard(runningInAzure: false, requirePublic: true).IsAllowedToSave(new Uri(url)));
    }

    [Theory]
    [InlineData("https://provider.example/hooks")]
    [InlineData("https://8.8.8.8/hooks")]
    [InlineData("https://[2606:4700:4700::1111]/hooks")]
    [InlineData("https://localhost.provider.example/hooks")]
    public void Under_the_public_address_rules_a_public_host_or_a_name_checked_at_delivery_may_be_saved(string url) =>
        Assert.True(Azure.IsAllowedToSave(new Uri(url)));

    [Theory]
    [InlineData("http://127.0.0.1:5000/hooks")]
    [InlineData("https://localhost:5001/hooks")]
    [InlineData("https://10.0.0.1/")]
    public void Locally_loopback_and_private_hosts_may_be_saved(string url) =>
        Assert.True(Local.IsAllowedToSave(new Uri(url)));

    private static WebhookAddressGuard Guard(bool runningInAzure, bool requirePublic) =>
        new(new HostingEnvironmentInfo(IsLocalDevelopment: !runningInAzure), Options.Create(new NotificationOptions { RequirePublicAddresses = requirePublic }));
}
