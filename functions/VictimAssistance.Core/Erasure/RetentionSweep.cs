using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Erasure;

/// <summary>
/// Erases the cases closed <see cref="RetentionOptions.ClosedCaseYears"/> or more years ago (at the
/// <see cref="TimeProvider"/>'s now), each with a tombstone whose actor is the app. It reads the head rows of the
/// Cases table with a filter that storage applies, once per run (a daily timer): a scan, which is affordable at
/// the size of a programme's caseload and needs no index kept on every close.
/// </summary>
public sealed partial class RetentionSweep(
    StorageClients storage, TombstoneStore tombstones, ErasureService erasure, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweep> logger)
{
    public const string Actor = "system:retention";

    /// <summary>How many cases this run erased.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var years = options.Value.ClosedCaseYears;
        if (years == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var closedBefore = now.AddYears(-years);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {CaseRows.Head} and Status eq {CaseStatuses.Closed} and ClosedAt le {closedBefore}");
        var erased = 0;
        await foreach (var head in storage.Table(TableNames.Cases).QueryAsync<CaseHeadEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (head.ErasedAt is not null)
            {
                continue;
            }

            var tombstone = await tombstones.AddAsync(
                new TombstoneEntity { RowKey = head.PartitionKey, Organization = head.Organization, ErasedAt = now, ErasedBy = Actor, Reason = $"retention: closed more than {years} years ago" },
                cancellationToken).ConfigureAwait(false);
            await erasure.ApplyAsync(tombstone, Caller.System("retention"), cancellationToken).ConfigureAwait(false);
            LogErased(logger, head.PartitionKey);
            erased++;
        }

        return erased;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} erased: its retention period after closing has ended.")]
    private static partial void LogErased(ILogger logger, string caseId);
}
