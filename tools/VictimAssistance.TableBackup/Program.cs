using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Core.Backup;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Storage;
using VictimAssistance.TableBackup;

// dotnet run --project tools/VictimAssistance.TableBackup -- export <directory> <erasure list>
// dotnet run --project tools/VictimAssistance.TableBackup -- export-erasures <erasure list>
// dotnet run --project tools/VictimAssistance.TableBackup -- import <directory> <erasure list>
//
// The data tables (TableNames.Data) to or from <directory>/<table>.jsonl; the erasure list (Tombstones) to or from
// its own file, kept apart from the data. An import erases again every case of the erasure list, through the app's
// own write path, so it needs the account as the app does (tables and queues). The account comes from environment
// variables (BackupTables): CaseStorage__accountName (or __tableServiceUri) with your Entra sign-in, or a connection string.
var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(entry => ((string)entry.Key).Replace("__", ":", StringComparison.Ordinal), entry => (string?)entry.Value);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment).Build();
switch (args)
{
    case ["export", var directory, var erasureList]:
        await BackupSet.ExportAsync(BackupTables.FromConfiguration(configuration), directory, erasureList, Console.Out, CancellationToken.None);
        return 0;
    case ["export-erasures", var erasureList]:
        await BackupSet.ExportErasuresAsync(BackupTables.FromConfiguration(configuration), erasureList, Console.Out, CancellationToken.None);
        return 0;
    case ["import", var directory, var erasureList]:
        await using (var core = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddVictimAssistanceCore().BuildServiceProvider())
        {
            await BackupSet.RestoreAsync(BackupTables.FromConfiguration(configuration), directory, erasureList, core.GetRequiredService<ErasureService>(), Console.Out, CancellationToken.None);
        }

        return 0;
    default:
        await Console.Error.WriteLineAsync("Usage: export <directory> <erasure list> | export-erasures <erasure list> | import <directory> <erasure list>");
        return 2;
}
