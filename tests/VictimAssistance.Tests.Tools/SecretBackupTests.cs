using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Core.Backup;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.TableBackup;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Tools;

/// <summary>A backup holds provider webhook secrets only as the app stores them, sealed; a secret in clear is never exported.</summary>
public sealed class SecretBackupTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_backup_of_the_providers_holds_the_sealed_secret_and_never_the_secret_itself()
    {
        await using (var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString))
        {
            var request = ProviderSamples.Provider(withWebhook: true).Deserialize(ApiJson.Api.ProviderRequest)!;
            var saved = await services.GetRequiredService<ProviderService>()
                .PutAsync(new Caller("tests-admin", Roles.Admin, new AllRecords()), "backup-sealed", request, CancellationToken.None);
            Assert.Null(saved.Problem);
        }

        using var backup = new StringWriter();
        var exported = await TableJsonLines.ExportAsync(azurite.Storage.Table(TableNames.Providers), backup, CancellationToken.None);

        Assert.Equal(1, exported);
        Assert.Contains($"v1:{DevelopmentSettings.DataKeyId}:", backup.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderSamples.Secret["whsec_".Length..], backup.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_stored_in_clear_stops_the_export_and_is_not_written()
    {
        var table = azurite.Storage.Table("BackupClearSecret");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity(ProviderDirectory.Partition, "backup-clear") { [nameof(ProviderEntity.WebhookSecret)] = ProviderSamples.Secret });
        using var backup = new StringWriter();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TableJsonLines.ExportAsync(table, backup, CancellationToken.None));

        Assert.Contains("never exported in clear", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderSamples.Secret["whsec_".Length..], backup.ToString() + refused.Message, StringComparison.Ordinal);
    }
}
