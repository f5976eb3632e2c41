using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Backup;

/// <summary>
/// Where the scheduled backup writes. In Azure, <c>Backup:ContainerUri</c> (the backup account's write-once container,
/// set by <c>infra/</c>) reached with <c>Backup:credential</c> and <c>Backup:clientId</c>, as the storage connections
/// are; nothing is created there. Without it, locally and in tests, the container <see cref="LocalContainerName"/>
/// beside the case data when that is reached by a connection string (Azurite), created on first use.
/// </summary>
public sealed record BackupContainer(BlobContainerClient Client, bool CreateIfMissing)
{
    public const string Section = "Backup";
    public const string LocalContainerName = "case-backups";

    public static BackupContainer FromConfiguration(IConfiguration configuration, StorageAccountSettings caseStorage)
    {
        var section = configuration.GetSection(Section);
        var containerUri = section["ContainerUri"];
        if (!string.IsNullOrWhiteSpace(containerUri))
        {
            var identity = new StorageAccountSettings(null, null, null, section["credential"], section["clientId"]);
            return new BackupContainer(new BlobContainerClient(new Uri(containerUri), identity.CreateCredential()), CreateIfMissing: false);
        }

        if (!caseStorage.UsesIdentity)
        {
            return new BackupContainer(new BlobServiceClient(caseStorage.ConnectionString).GetBlobContainerClient(LocalContainerName), CreateIfMissing: true);
        }

        throw new InvalidOperationException(
            "Backup is not configured: set Backup__ContainerUri to the backup container, with Backup__credential and Backup__clientId for a managed identity.");
    }
}
