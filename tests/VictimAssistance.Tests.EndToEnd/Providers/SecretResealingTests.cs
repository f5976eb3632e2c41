using Azure.Data.Tables;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Secrets;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Providers;

/// <summary>At start the app reseals the webhook secrets stored in clear (before sealing) or with an older data key.</summary>
public sealed class SecretResealingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string OldKey = "Np8PUwPzwezwx7V+G/IJjpSWEzhKiatYh982ePnROWc=";

    private TableClient Providers => azurite.Storage.Table(TableNames.Providers);

    [Fact]
    public async Task A_secret_stored_in_clear_is_sealed_at_start_and_opens_to_the_same_secret()
    {
        await Providers.CreateIfNotExistsAsync();
        await Providers.AddEntityAsync(new ProviderEntity { PartitionKey = ProviderDirectory.Partition, RowKey = "stored-in-clear", WebhookSecret = ProviderSamples.Secret });

        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);

        var row = await StoredWhenAsync("stored-in-clear", secret => SealedSecrets.IsSealed(secret), "the secret sealed");
        Assert.StartsWith($"v1:{DevelopmentSettings.DataKeyId}:", row.WebhookSecret, StringComparison.Ordinal);
        Assert.Equal(ProviderSamples.Secret, services.GetRequiredService<ProviderDirectory>().OpenSecret(row));
    }

    [Fact]
    public async Task After_the_current_key_changes_a_secret_sealed_with_the_old_key_is_resealed_with_the_new_one_at_start()
    {
        var oldKeySettings = new Dictionary<string, string?> { ["Secrets:DataKeys:old"] = OldKey, ["Secrets:CurrentKeyId"] = "old" };
        await using (var before = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: oldKeySettings))
        {
            var directory = before.GetRequiredService<ProviderDirectory>();
            var row = new ProviderEntity
            {
                PartitionKey = ProviderDirectory.Partition,
                RowKey = "rotated",
                WebhookSecret = directory.SecretToStore("rotated", ProviderSamples.Secret, stored: null),
            };
            Assert.True(await directory.TrySaveAsync(row, stored: null, CancellationToken.None));
        }

        Assert.StartsWith("v1:old:", (await Providers.GetEntityAsync<ProviderEntity>(ProviderDirectory.Partition, "rotated")).Value.WebhookSecret, StringComparison.Ordinal);
        var rotatedSettings = new Dictionary<string, string?> { ["Secrets:DataKeys:old"] = OldKey };
        await using var after = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: rotatedSettings);

        var resealed = await StoredWhenAsync("rotated", secret => secret.StartsWith($"v1:{DevelopmentSettings.DataKeyId}:", StringComparison.Ordinal), "the secret resealed");
        Assert.Equal(ProviderSamples.Secret, after.GetRequiredService<ProviderDirectory>().OpenSecret(resealed));
    }

    [Fact]
    public async Task A_put_without_the_secret_keeps_a_stored_secret_whose_key_is_gone_rather_than_failing()
    {
        var request = ProviderSamples.Provider(withWebhook: true).Deserialize(ApiJson.Api.ProviderRequest)!;
        var admin = new Caller("tests-admin", Roles.Admin, new AllRecords());
        await using (var before = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Secrets:DataKeys:gone"] = OldKey, ["Secrets:CurrentKeyId"] = "gone" }))
        {
            Assert.Null((await before.GetRequiredService<ProviderService>().PutAsync(admin, "key-gone", request, CancellationToken.None)).Problem);
        }

        var sealedWithGoneKey = (await Providers.GetEntityAsync<ProviderEntity>(ProviderDirectory.Partition, "key-gone")).Value.WebhookSecret;
        await using var after = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var withoutSecret = request with { Webhook = request.Webhook! with { Secret = null }, Capacity = request.Capacity + 1 };

        var saved = await after.GetRequiredService<ProviderService>().PutAsync(admin, "key-gone", withoutSecret, CancellationToken.None);

        Assert.Null(saved.Problem);
        Assert.Equal(sealedWithGoneKey, (await Providers.GetEntityAsync<ProviderEntity>(ProviderDirectory.Partition, "key-gone")).Value.WebhookSecret);
    }

    private Task<ProviderEntity> StoredWhenAsync(string providerId, Func<string, bool> done, string what) =>
        Eventually.GetAsync(
            async () => (await Providers.GetEntityAsync<ProviderEntity>(ProviderDirectory.Partition, providerId)).Value,
            row => row.WebhookSecret is { } secret && done(secret),
            what);
}
