using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// Rebuilds the aggregates from the stored cases and repairs any drift, record-key sums included: first every
/// case's contribution, keeping its record key or drawing one for a case stored before record keys (through
/// the projector's own write, so it races safely with the outbox), then every cell against the sum of its
/// cases' contributions. A cell is replaced only if it is unchanged since it was read, and cells are read before
/// contributions, so a move committed in between makes the replacement fail and the organisation is read again.
/// </summary>
public sealed partial class StatisticsRecount(
    StorageClients storage,
    CaseStore cases,
    StatisticsProjector projector,
    StatisticsStore store,
    ConflictRetry conflicts,
    TimeProvider time,
    ILogger<StatisticsRecount> logger)
{
    private const int Parallelism = 8;

    public async Task<RecountReport> RecountAsync(CancellationToken cancellationToken)
    {
        var countedAt = time.GetUtcNow();
        var caseIds = new List<string>();
        await foreach (var head in storage.Table(TableNames.Cases)
            .QueryAsync<CaseHeadEntity>(TableClient.CreateQueryFilter($"RowKey eq {CaseRows.Head}"), select: ["PartitionKey"], cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            caseIds.Add(head.PartitionKey);
        }

        var contributionsRepaired = 0;
        await Parallel.ForEachAsync(caseIds, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (caseId, token) =>
        {
            if (await cases.LoadAsync(caseId, token).ConfigureAwait(false) is { } record
                && await store.ApplyAsync(await projector.ProjectAsync(record, token).ConfigureAwait(false), repair: true, token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref contributionsRepaired);
            }
        }).ConfigureAwait(false);

        var drift = new List<CellDrift>();
        foreach (var organization in await store.OrganizationsAsync(cancellationToken).ConfigureAwait(false))
        {
            drift.AddRange(await ReconcileCellsAsync(organization, cancellationToken).ConfigureAwait(false));
        }

        LogRecounted(logger, caseIds.Count, contributionsRepaired, drift.Count);
        return new RecountReport(countedAt, caseIds.Count, contributionsRepaired, drift.Count, drift);
    }

    private Task<List<CellDrift>> ReconcileCellsAsync(string organization, CancellationToken cancellationToken) =>
        conflicts.RunAsync($"Statistics recount of {organization}", async token =>
        {
            var drift = new List<CellDrift>();
            var cells = await store.CellsAsync(organization, null, null, null, token).ConfigureAwait(false);
            var expected = (await store.ContributionsAsync(organization, token).ConfigureAwait(false))
                .Select(row => row.ToContribution())
                .GroupBy(contribution => contribution.Cell)
                .ToDictionary(group => group.Key, group => group.Aggregate(CellTotals.Empty, (sum, contribution) => sum.Plus(CellTotals.Of(contribution))));
            var stored = cells.ToDictionary(cell => cell.ToCell());
            foreach (var cell in stored.Keys.Union(expected.Keys))
            {
                var row = stored.GetValueOrDefault(cell) ?? StatisticsRows.CellEntity(cell, CellTotals.Empty);
                var have = row.ToTotals();
                var want = expected.GetValueOrDefault(cell) ?? CellTotals.Empty;
                if (have.SameAs(want))
                {
                    continue;
                }

                if (!await store.TryReplaceCellAsync(row, want, token).ConfigureAwait(false))
                {
                    // Changed since it was read: read the organisation's cells again.
                    return Attempt.Conflict<List<CellDrift>>();
                }

                drift.Add(new CellDrift(organization, cell.Month, cell.Admin1, have.DifferingKeys(want)));
            }

            return Attempt.Settled(drift);
        },
        cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Statistics recount: {Cases} cases, {Contributions} case contributions and {Cells} cells repaired.")]
    private static partial void LogRecounted(ILogger logger, int cases, int contributions, int cells);
}
