using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core.Backup;

namespace VictimAssistance.Functions.Backup;

public sealed class BackupFunctions(CaseTablesBackup backup)
{
    /// <summary>The schedule only says when; the export reads every table as it is, so the TimerInfo is not read.</summary>
    [Function("BackUpCaseTables")]
    public Task BackUp([TimerTrigger("%Backup:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        backup.BackUpAsync(cancellationToken);
}
