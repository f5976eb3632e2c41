using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Security;
using static VictimAssistance.Tests.Notifications.NotificationHost;

namespace VictimAssistance.Tests.Notifications;

/// <summary>The SSRF guard with the Azure rules switched on locally (<c>Notifications:RequirePublicAddresses</c>).</summary>
public sealed class WebhookAddressGuardTests(WebhookAddressGuardTests.AzureRulesHost host) : IClassFixture<WebhookAddressGuardTests.AzureRulesHost>
{
    [Fact]
    public async Task A_host_name_that_resolves_to_a_loopback_address_is_refused_once_and_never_retried()
    {
        const string Provider = "guard-resolves-private";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-guard");
        var (caseId, _) = await host.OfferAsync(caseworker, Provider, "GUARD-1", "medical", webhookUrl: $"https://localhost:{host.Receiver.BaseAddress.Port}/{Provider}");

        var history = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Failed.Name, Provider), "the refusal recorded");

        Assert.Single(history, Event(NotificationEvents.Failed.Name, Provider));
        var failed = history.Find(Event(NotificationEvents.Failed.Name, Provider))!["data"]!;
        Assert.Equal("address_refused", (string)failed["reason"]!);
        Assert.Equal(1, (int)failed["attempt"]!);
        Assert.Empty(host.Receiver.For(Provider));
    }

    [Fact]
    public async Task An_http_url_is_refused_even_on_loopback()
    {
        const string Provider = "guard-http";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-guard");
        var (caseId, _) = await host.OfferAsync(caseworker, Provider, "GUARD-2", "medical");

        var history = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Failed.Name, Provider), "the refusal recorded");

        Assert.Equal("url_refused", (string)history.Find(Event(NotificationEvents.Failed.Name, Provider))!["data"]!["reason"]!);
        Assert.Empty(host.Receiver.For(Provider));
    }

    public sealed class AzureRulesHost : NotificationHost
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Notifications:RequirePublicAddresses"] = "true";
            return settings;
        }
    }
}
