using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Keeps each monitored timer's ScheduleStatus across restarts and tells whether an occurrence was missed while
/// nothing ran, as the host's ScheduleMonitor.CheckPastDueAsync does. The host keeps the status in a blob of
/// azure-webjobs-hosts; the LocalHost, which has no blob client, keeps it in the table <see cref="TableName"/>.
/// </summary>
public sealed class ScheduleMonitor(StorageClients storage)
{
    public const string TableName = "LocalHostTimerStatus";
    private const string Partition = "timers";
    private bool tableExists;

    public async Task<ScheduleStatus?> GetStatusAsync(string timerName, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var row = await storage.Table(TableName).GetEntityIfExistsAsync<TableEntity>(Partition, timerName, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is { } entity
            ? new ScheduleStatus { Last = Utc(entity, nameof(ScheduleStatus.Last)), Next = Utc(entity, nameof(ScheduleStatus.Next)), LastUpdated = Utc(entity, nameof(ScheduleStatus.LastUpdated)) }
            : null;
    }

    public async Task UpdateStatusAsync(string timerName, ScheduleStatus status, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition, timerName)
        {
            [nameof(ScheduleStatus.Last)] = status.Last.Ticks,
            [nameof(ScheduleStatus.Next)] = status.Next.Ticks,
            [nameof(ScheduleStatus.LastUpdated)] = status.LastUpdated.Ticks,
        };
        await storage.Table(TableName).UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The status to start from (recorded now if there was none, recomputed if the schedule changed) and whether
    /// its next occurrence has already passed.
    /// </summary>
    public async Task<(ScheduleStatus Status, bool IsPastDue)> CheckPastDueAsync(string timerName, DateTime now, FunctionSchedule schedule, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(timerName, cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            status = new ScheduleStatus { Next = schedule.NextAfter(now), LastUpdated = now };
            await UpdateStatusAsync(timerName, status, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // 'Next' was computed from 'Last' after a run, or from 'LastUpdated' before the first one.
            var computedFrom = status.Last != default ? status.Last : status.LastUpdated != default ? status.LastUpdated : now;
            var expectedNext = schedule.NextAfter(computedFrom);
            if (status.Next != expectedNext)
            {
                // The schedule changed: an occurrence of the old one is not a missed occurrence of the new one.
                if (now > expectedNext)
                {
                    expectedNext = schedule.NextAfter(now);
                    computedFrom = now;
                }

                status = new ScheduleStatus { Next = expectedNext, LastUpdated = computedFrom };
                await UpdateStatusAsync(timerName, status, cancellationToken).ConfigureAwait(false);
            }
        }

        return (status, now > status.Next);
    }

    private static DateTime Utc(TableEntity entity, string property) => new(entity.GetInt64(property) ?? 0, DateTimeKind.Utc);

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!tableExists)
        {
            await storage.Tables.CreateTableIfNotExistsAsync(TableName, cancellationToken).ConfigureAwait(false);
            tableExists = true;
        }
    }
}
