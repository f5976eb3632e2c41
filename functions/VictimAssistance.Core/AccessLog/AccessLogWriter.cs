using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.AccessLog;

/// <summary>
/// Consumes access-log: writes the rows of one read, one partition (case) at a time in one transaction. The rows of a
/// message are the same on every delivery, so a redelivery rewrites them unchanged and the log only ever grows.
/// A storage fault sends the message again for later (<see cref="TransientFaultRequeue"/>), so no access record is
/// parked in poison because storage was busy.
/// </summary>
public sealed class AccessLogWriter(StorageClients storage, TransientFaultRequeue requeue)
{
    /// <summary>A table transaction holds at most 100 operations.</summary>
    private const int MaxTransaction = 100;

    private TableClient Rows => storage.Table(TableNames.AccessLog);

    public Task WriteAsync(string messageText, CancellationToken cancellationToken) =>
        requeue.RunAsync(QueueNames.AccessLog, messageText, () => WriteAsync(Read(messageText), cancellationToken), cancellationToken);

    private async Task WriteAsync(AccessLogMessage message, CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.StartProcessing(QueueNames.AccessLog, message.TraceParent);
        var rows = message.Records.Select((record, index) => new AccessRecordEntity
        {
            PartitionKey = record.CaseId,
            RowKey = AccessRecordEntity.RowKeyFor(message.AccessedAt, message.ReadId, index),
            AccessedAt = message.AccessedAt,
            Sub = message.Sub,
            Role = message.Role,
            Route = message.Route,
            ReferralId = record.ReferralId,
        });
        foreach (var partition in rows.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MaxTransaction))
            {
                await Rows.SubmitTransactionAsync(
                    chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)),
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static AccessLogMessage Read(string messageText) =>
        QueueMessages.Read(messageText, AccessLogJson.Default.AccessLogMessage, QueueNames.AccessLog, message =>
            message is { Sub.Length: > 0, Records.Count: > 0 and <= ListPages.MaxLimit }
            && CaseIds.IsWellFormed(message.ReadId)
            && Roles.Actors.Contains(message.Role)
            && AccessRoutes.All.Contains(message.Route)
            && message.Records.All(record => CaseIds.IsWellFormed(record.CaseId) && (record.ReferralId is null || CaseIds.IsWellFormed(record.ReferralId))));
}
