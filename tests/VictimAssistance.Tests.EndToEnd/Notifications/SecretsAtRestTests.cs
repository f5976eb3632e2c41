using Azure.Data.Tables;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Secrets;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;
using static VictimAssistance.Tests.Notifications.NotificationHost;

namespace VictimAssistance.Tests.Notifications;

/// <summary>A provider's webhook secret is stored sealed, and the webhooks signed with it still verify.</summary>
public sealed class SecretsAtRestTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    [Fact]
    public async Task After_a_put_the_providers_row_holds_the_secret_sealed_only_and_the_webhook_signature_verifies()
    {
        const string Provider = "sealed-secret";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-sealed");
        var (caseId, _) = await host.OfferAsync(caseworker, Provider, "AZ-SAR", "medical");

        var row = (await host.Storage.Table(TableNames.Providers).GetEntityAsync<TableEntity>(ProviderDirectory.Partition, Provider)).Value;
        var stored = row.GetString(nameof(ProviderEntity.WebhookSecret));
        Assert.StartsWith($"{SealedSecrets.Version}:{DevelopmentSettings.DataKeyId}:", stored, StringComparison.Ordinal);
        Assert.All(row.Select(property => property.Value).OfType<string>(), value => Assert.DoesNotContain(ProviderSamples.Secret["whsec_".Length..], value, StringComparison.Ordinal));

        await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Delivered.Name, Provider), "the delivery recorded");
        var delivered = Assert.Single(host.Receiver.For(Provider));
        Assert.True(delivered.SignatureVerifies, "the signature does not verify with the provider's secret");
    }
}
