using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.TableBackup;
using VictimAssistance.Tests.Notifications;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Erasure;

/// <summary>A restore from a backup taken before an erasure brings the data back and erases the case again from the erasure list.</summary>
public sealed class ErasureRestoreTests(NotificationHost host) : IClassFixture<NotificationHost>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("va-erasure-restore-").FullName;

    [Fact]
    public async Task A_restore_of_a_backup_older_than_the_erasure_erases_the_case_again_from_the_erasure_list_kept_apart()
    {
        var survivor = new DistinctSurvivor("Qayitmina", "Berpaova", "+994557319029", "1982-08-09", "Qayitkend", "Restore-note-7734");
        await host.PutProviderAsync("erase-restore-medical", "AZ-TOV", "medical");
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-erase-restore");
        using var registered = await caseworker.RegisterAsync(survivor.Registration("AZ-TOV", "medical"));
        var caseId = (string)(await registered.ReadObjectAsync())["caseId"]!;
        await NotificationHost.WaitForHistoryAsync(caseworker, caseId, NotificationHost.Event("referral.offered", "erase-restore-medical"), "the offer");
        await StoredValues.SettledAsync(host, caseId);
        var data = Path.Combine(directory, "data");
        var erasureList = Path.Combine(directory, "erasures", "Tombstones.jsonl");
        await BackupSet.ExportAsync(host.Storage.Tables, data, erasureList, TextWriter.Null, CancellationToken.None);

        using var admin = host.ClientFor(Roles.Admin);
        using (var erased = await admin.PostAsJsonAsync($"/api/cases/{caseId}/erase", new { reason = "Data subject request DSR-2026-016" }))
        {
            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        }

        await BackupSet.ExportErasuresAsync(host.Storage.Tables, erasureList, TextWriter.Null, CancellationToken.None);
        await StoredValues.SettledAsync(host, caseId);
        Assert.Empty(await StoredValues.FindAsync(host, survivor.Values));

        // The account is lost with its erasure list: only the backups remain.
        await host.Storage.Tables.DeleteTableAsync(TableNames.Tombstones);
        await BackupSet.RestoreAsync(host.Storage.Tables, data, erasureList, host.App.Services.GetRequiredService<ErasureService>(), TextWriter.Null, CancellationToken.None);

        await StoredValues.SettledAsync(host, caseId);
        Assert.Empty(await StoredValues.FindAsync(host, survivor.Values));
        using var read = await caseworker.GetAsync($"/api/cases/{caseId}");
        var tombstone = await read.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("Data subject request DSR-2026-016", (string)tombstone["reason"]!);
        Assert.True((await host.Storage.Table(TableNames.Tombstones).GetEntityIfExistsAsync<TableEntity>("erased", caseId)).HasValue);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
