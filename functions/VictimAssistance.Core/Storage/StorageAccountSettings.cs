using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace VictimAssistance.Core.Storage;

/// <summary>
/// How the storage account of the case data is reached, read the way the Functions host reads a connection:
/// either a connection string, or <c>__accountName</c> (with optional <c>__credential</c>, <c>__clientId</c>,
/// <c>__tableServiceUri</c>, <c>__queueServiceUri</c>) for identity-based access. In Azure the case data has
/// its own account, named by the <c>CaseStorage</c> section; without it (local runs, tests) the app uses
/// <c>AzureWebJobsStorage</c>, so one Azurite serves both.
/// </summary>
public sealed record StorageAccountSettings(
    string? ConnectionString,
    Uri? TableServiceUri,
    Uri? QueueServiceUri,
    string? Credential,
    string? ClientId)
{
    public const string CaseStorageSection = "CaseStorage";
    public const string HostStorageSection = "AzureWebJobsStorage";

    public bool UsesIdentity => ConnectionString is null;

    public static StorageAccountSettings FromConfiguration(IConfiguration configuration)
    {
        var caseStorage = configuration.GetSection(CaseStorageSection);
        var section = caseStorage.Exists() ? caseStorage : configuration.GetSection(HostStorageSection);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageAccountSettings(section.Value, null, null, null, null);
        }

        var accountName = section["accountName"];
        var tableUri = section["tableServiceUri"];
        var queueUri = section["queueServiceUri"];
        if (string.IsNullOrWhiteSpace(accountName) && (tableUri is null || queueUri is null))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {section.Path} to a connection string, or {section.Path}__accountName (or its __tableServiceUri and __queueServiceUri) for managed identity.");
        }

        return new StorageAccountSettings(
            null,
            new Uri(tableUri ?? $"https://{accountName}.table.core.windows.net"),
            new Uri(queueUri ?? $"https://{accountName}.queue.core.windows.net"),
            section["credential"],
            section["clientId"]);
    }

    public TokenCredential CreateCredential()
    {
        if (string.Equals(Credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrEmpty(ClientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(ClientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });
    }
}
