using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.TableBackup;

/// <summary>
/// The table service the backup reads or restores, found the way the app finds the case data (the
/// <c>CaseStorage</c> section, else <c>AzureWebJobsStorage</c>), but needing the table endpoint only: a backup
/// touches no queue, so <c>CaseStorage__tableServiceUri</c> (or <c>__accountName</c>) with the caller's Entra
/// sign-in, or the section's managed identity, is enough.
/// </summary>
public static class BackupTables
{
    public static TableServiceClient FromConfiguration(IConfiguration configuration)
    {
        var caseStorage = configuration.GetSection(StorageAccountSettings.CaseStorageSection);
        var section = caseStorage.Exists() ? caseStorage : configuration.GetSection(StorageAccountSettings.HostStorageSection);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new TableServiceClient(section.Value);
        }

        var tableUri = section["tableServiceUri"];
        var accountName = section["accountName"];
        if (string.IsNullOrWhiteSpace(tableUri) && string.IsNullOrWhiteSpace(accountName))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {section.Path}__tableServiceUri (or {section.Path}__accountName) to the case data account, or {section.Path} to a connection string.");
        }

        var endpoint = new Uri(string.IsNullOrWhiteSpace(tableUri) ? $"https://{accountName}.table.core.windows.net" : tableUri);
        var identity = new StorageAccountSettings(null, endpoint, null, section["credential"], section["clientId"]);
        return new TableServiceClient(endpoint, identity.CreateCredential());
    }
}
