using System.Collections;
using Microsoft.Extensions.Configuration;
using VictimAssistance.Core.Backup;
using VictimAssistance.Core.Storage;
using VictimAssistance.TableBackup;

// dotnet run --project tools/VictimAssistance.TableBackup -- export <directory>
// dotnet run --project tools/VictimAssistance.TableBackup -- import <directory>
//
// Every case table (TableNames.All) to or from <directory>/<table>.jsonl. The account comes from environment
// variables (BackupTables): CaseStorage__tableServiceUri with your Entra sign-in, or a connection string.
if (args is not [("export" or "import") and var command, var directory])
{
    await Console.Error.WriteLineAsync("Usage: export <directory> | import <directory>");
    return 2;
}

var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(entry => ((string)entry.Key).Replace("__", ":", StringComparison.Ordinal), entry => (string?)entry.Value);
var tables = BackupTables.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(environment).Build());

Directory.CreateDirectory(directory);
foreach (var table in TableNames.All)
{
    var path = Path.Combine(directory, table + ".jsonl");
    int count;
    if (command == "export")
    {
        await using var output = File.CreateText(path);
        count = await TableJsonLines.ExportAsync(tables.GetTableClient(table), output, CancellationToken.None);
    }
    else
    {
        using var input = File.OpenText(path);
        count = await TableJsonLines.ImportAsync(tables.GetTableClient(table), input, CancellationToken.None);
    }

    Console.WriteLine($"{command} {table}: {count} entities");
}

return 0;
