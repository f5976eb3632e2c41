using System.Net;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;
using static VictimAssistance.Tests.Notifications.NotificationHost;

namespace VictimAssistance.Tests.Notifications;

/// <summary>The SSRF guard with the Azure rules switched on locally (<c>Notifications:RequirePublicAddresses</c>).</summary>
public sealed class WebhookAddressGuardTests(WebhookAddressGuardTests.AzureRulesHost host) : IClassFixture<WebhookAddressGuardTests.AzureRulesHost>
{
    [Theory]
    [InlineData("https://169.254.169.254/")]
    [InlineData("https://10.0.0.1/")]
    [InlineData("https://0/")]
    [InlineData("https://[::a9fe:a9fe]/")]
    [InlineData("https://168.63.129.16/")]
    [InlineData("https://localhost/hooks")]
    [InlineData("http://provider.example/hooks")]
    public async Task A_provider_whose_webhook_cannot_reach_a_public_host_is_refused_when_saved_and_nothing_is_stored(string url)
    {
        var providerId = $"guard-save-{(uint)url.GetHashCode(StringComparison.Ordinal)}";
        var provider = ProviderSamples.Provider(withWebhook: true);
        provider["webhook"]!["url"] = url;
        using var admin = host.ClientFor(Roles.Admin);

        using var response = await admin.PutProviderAsync(providerId, provider);

        var problem = await response.AssertValidationProblemAsync("webhook.url");
        Assert.DoesNotContain(url, problem.ToJsonString(), StringComparison.Ordinal);
        using var read = await admin.GetAsync($"/api/providers/{providerId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_loopback_address_is_refused_once_and_never_retried()
    {
        const string Provider = "guard-resolves-private";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-guard");
        await StoreSavedBeforeTheRuleAsync(Provider, "AZ-GOY", $"https://localhost:{host.Receiver.BaseAddress.Port}/{Provider}");
        var (caseId, _) = await RegisterAsync(caseworker, "AZ-GOY", "medical");

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
        await StoreSavedBeforeTheRuleAsync(Provider, "AZ-GOR", host.Receiver.UrlFor(Provider));
        var (caseId, _) = await RegisterAsync(caseworker, "AZ-GOR", "medical");

        var history = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Failed.Name, Provider), "the refusal recorded");

        Assert.Equal("url_refused", (string)history.Find(Event(NotificationEvents.Failed.Name, Provider))!["data"]!["reason"]!);
        Assert.Empty(host.Receiver.For(Provider));
    }

    /// <summary>
    /// A provider saved with a public URL whose stored row then names the given one, as a row saved before the
    /// save-time rule existed (or written by a restore) would: delivery must refuse it on its own.
    /// </summary>
    private async Task StoreSavedBeforeTheRuleAsync(string providerId, string area, string url)
    {
        await host.PutProviderAsync(providerId, area, "medical", webhookUrl: $"https://provider.example/{providerId}");
        var rows = host.Storage.Table(TableNames.Providers);
        var row = (await rows.GetEntityAsync<ProviderEntity>(ProviderDirectory.Partition, providerId)).Value;
        var profile = JsonNode.Parse(row.Profile)!;
        profile["webhook"]!["url"] = url;
        row.Profile = profile.ToJsonString();
        await rows.UpdateEntityAsync(row, row.ETag);
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
