using Azure.Identity;
using Microsoft.Extensions.Configuration;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Tests.Foundation;

public sealed class StorageSettingsTests
{
    [Fact]
    public void A_connection_string_is_used_as_is()
    {
        var settings = Read(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.False(settings.UsesIdentity);
        Assert.Equal("UseDevelopmentStorage=true", settings.ConnectionString);
    }

    [Fact]
    public void An_account_name_means_managed_identity_with_the_standard_endpoints()
    {
        // As the Functions host reads AzureWebJobsStorage__accountName (environment variables use __ for :).
        var settings = Read(new() { ["AzureWebJobsStorage:accountName"] = "vastorage", ["AzureWebJobsStorage:credential"] = "managedidentity" });

        Assert.True(settings.UsesIdentity);
        Assert.Equal(new Uri("https://vastorage.table.core.windows.net"), settings.TableServiceUri);
        Assert.Equal(new Uri("https://vastorage.queue.core.windows.net"), settings.QueueServiceUri);
        Assert.IsType<ManagedIdentityCredential>(settings.CreateCredential());
        Assert.Equal(settings.TableServiceUri, new StorageClients(settings).Tables.Uri);
    }

    [Fact]
    public void A_user_assigned_identity_client_id_and_explicit_service_uris_are_honoured()
    {
        var settings = Read(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://tables.example/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://queues.example/",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal(new Uri("https://tables.example/"), settings.TableServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000001", settings.ClientId);
        Assert.IsType<DefaultAzureCredential>(settings.CreateCredential());
    }

    [Fact]
    public void The_case_storage_section_takes_precedence_and_its_service_uris_are_used_as_given()
    {
        var settings = Read(new()
        {
            ["AzureWebJobsStorage:accountName"] = "vahost",
            ["CaseStorage:accountName"] = "vadata",
            ["CaseStorage:credential"] = "managedidentity",
            ["CaseStorage:clientId"] = "00000000-0000-0000-0000-000000000002",
            ["CaseStorage:tableServiceUri"] = "https://vadata.table.core.usgovcloudapi.net/",
            ["CaseStorage:queueServiceUri"] = "https://vadata.queue.core.usgovcloudapi.net/",
        });

        Assert.Equal(new Uri("https://vadata.table.core.usgovcloudapi.net/"), settings.TableServiceUri);
        Assert.Equal(new Uri("https://vadata.queue.core.usgovcloudapi.net/"), settings.QueueServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000002", settings.ClientId);
        Assert.IsType<ManagedIdentityCredential>(settings.CreateCredential());
    }

    [Fact]
    public void Without_a_case_storage_section_the_host_storage_is_used()
    {
        var settings = Read(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal("UseDevelopmentStorage=true", settings.ConnectionString);
    }

    [Fact]
    public void An_incomplete_case_storage_section_is_a_startup_error_that_names_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["CaseStorage:credential"] = "managedidentity",
        }));

        Assert.Contains("CaseStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_storage_setting_is_a_clear_startup_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read([]));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    private static StorageAccountSettings Read(Dictionary<string, string?> values) =>
        StorageAccountSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
