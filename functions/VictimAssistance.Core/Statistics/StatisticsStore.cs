using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Statistics;

/// <summary>The aggregate tables: cells, the contributions of cases, and the list of organisations.</summary>
public sealed class StatisticsStore(StorageClients storage, ConflictRetry conflicts)
{
    /// <summary>The organisations this instance has listed in StatisticsOrganizations (a set: the values mean nothing).</summary>
    private readonly ConcurrentDictionary<string, byte> listedOrganizations = new(StringComparer.Ordinal);

    private TableClient Aggregates => storage.Table(TableNames.StatisticsAggregates);

    private TableClient Organizations => storage.Table(TableNames.StatisticsOrganizations);

    /// <summary>
    /// Makes the case contribute <paramref name="next"/> instead of what it contributed before: its row and the
    /// old and new cells change in one transaction, each guarded by its ETag, and a lost race reads again. A
    /// stored contribution at the same or a newer case version wins (duplicated or reordered deliveries), unless
    /// <paramref name="repair"/> replaces a different one at the same version. The case keeps the record key it
    /// was first counted with; a case counted for the first time (or stored before record keys) gets
    /// <paramref name="next"/>'s key, or a fresh one. True when something was written.
    /// </summary>
    public Task<bool> ApplyAsync(CaseContribution next, bool repair, CancellationToken cancellationToken) =>
        ApplyAsync(next, repair, assumeUncounted: false, cancellationToken);

    /// <summary>
    /// <see cref="ApplyAsync(CaseContribution, bool, CancellationToken)"/> for a case most likely never counted (its
    /// registration): the contribution is added without being read first, and only if the add finds one stored
    /// (a redelivery, or a later change counted first) is it read and compared as usual.
    /// </summary>
    public Task<bool> CountFirstAsync(CaseContribution next, CancellationToken cancellationToken) =>
        ApplyAsync(next, repair: false, assumeUncounted: true, cancellationToken);

    /// <summary>Every organisation that has statistics.</summary>
    public async Task<IReadOnlyList<string>> OrganizationsAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var row in Organizations.QueryAsync<OrganizationEntity>(entity => entity.PartitionKey == StatisticsRows.OrganizationsPartition, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            names.Add(row.RowKey);
        }

        return names;
    }

    /// <summary>The organisation's cells registered from <paramref name="from"/> to <paramref name="to"/> (months, inclusive; null: open), optionally of one admin1.</summary>
    public Task<List<StatisticsCellEntity>> CellsAsync(string organization, string? from, string? to, string? admin1, CancellationToken cancellationToken)
    {
        var lower = from is null ? StatisticsRows.CellPrefix : StatisticsRows.CellPrefix + from + "|";
        var upper = to is null ? PrefixEnd(StatisticsRows.CellPrefix) : PrefixEnd(StatisticsRows.CellPrefix + to + "|");
        var filter = admin1 is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {organization} and RowKey ge {lower} and RowKey lt {upper}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {organization} and RowKey ge {lower} and RowKey lt {upper} and Admin1 eq {admin1}");
        return QueryAsync<StatisticsCellEntity>(filter, cancellationToken);
    }

    public Task<List<CaseContributionEntity>> ContributionsAsync(string organization, CancellationToken cancellationToken) =>
        QueryAsync<CaseContributionEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {organization} and RowKey ge {StatisticsRows.ContributionPrefix} and RowKey lt {PrefixEnd(StatisticsRows.ContributionPrefix)}"),
            cancellationToken);

    /// <summary>Replaces a cell's totals if it is unchanged since it was read (or adds a cell never stored); false when it changed (read again).</summary>
    public async Task<bool> TryReplaceCellAsync(StatisticsCellEntity cell, CellTotals totals, CancellationToken cancellationToken)
    {
        var replacement = StatisticsRows.CellEntity(cell.ToCell(), totals);
        try
        {
            if (cell.ETag == default)
            {
                await Aggregates.AddEntityAsync(replacement, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Aggregates.UpdateEntityAsync(replacement, cell.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException failed) when (failed.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    private Task<bool> ApplyAsync(CaseContribution next, bool repair, bool assumeUncounted, CancellationToken cancellationToken) =>
        conflicts.RunAsync($"Statistics of case {next.CaseId}", async token =>
        {
            // Assumed in the first attempt only: the add then finds the stored row, and the next attempt reads it.
            var stored = assumeUncounted ? null : await GetAsync<CaseContributionEntity>(next.Cell.Organization, StatisticsRows.Contribution(next.CaseId), token).ConfigureAwait(false);
            assumeUncounted = false;
            var previous = stored?.ToContribution();
            var keyed = next with { RecordKey = previous?.RecordKey ?? next.RecordKey ?? CellKeyPerturbation.DrawRecordKey() };
            if (previous is not null && (previous.Version > keyed.Version || (previous.Version == keyed.Version && (!repair || Same(previous, keyed)))))
            {
                return Attempt.Settled(false);
            }

            if (previous is null)
            {
                await ListOrganizationAsync(keyed.Cell.Organization, token).ConfigureAwait(false);
            }

            var before = previous is null ? CellTotals.Empty : CellTotals.Of(previous);
            var after = CellTotals.Of(keyed);
            var actions = new List<TableTransactionAction> { Write(StatisticsRows.ContributionEntity(keyed), stored?.ETag) };
            if (previous is not null && previous.Cell != keyed.Cell)
            {
                actions.Add(await CellChangeAsync(previous.Cell, CellTotals.Empty.Minus(before), token).ConfigureAwait(false));
                actions.Add(await CellChangeAsync(keyed.Cell, after, token).ConfigureAwait(false));
            }
            else
            {
                actions.Add(await CellChangeAsync(keyed.Cell, after.Minus(before), token).ConfigureAwait(false));
            }

            try
            {
                await Aggregates.SubmitTransactionAsync(actions, token).ConfigureAwait(false);
                return Attempt.Settled(true);
            }
            catch (TableTransactionFailedException failed) when (failed.Status is 409 or 412)
            {
                // Another delivery changed the contribution or a cell since they were read (or added the
                // contribution assumed absent): read again.
                return Attempt.Conflict<bool>();
            }
        },
        cancellationToken);

    private static bool Same(CaseContribution stored, CaseContribution next) =>
        stored.Cell == next.Cell && stored.RecordKey == next.RecordKey && stored.Counts.SameAs(next.Counts);

    /// <summary>The first string after every string that starts with the prefix.</summary>
    private static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static TableTransactionAction Write(ITableEntity entity, ETag? etag) =>
        etag is { } current ? new(TableTransactionActionType.UpdateReplace, entity, current) : new(TableTransactionActionType.Add, entity);

    private async Task<TableTransactionAction> CellChangeAsync(StatisticsCell cell, CellTotals delta, CancellationToken cancellationToken)
    {
        var stored = await GetAsync<StatisticsCellEntity>(cell.Organization, StatisticsRows.Cell(cell.Month, cell.Admin1), cancellationToken).ConfigureAwait(false);
        return Write(StatisticsRows.CellEntity(cell, (stored?.ToTotals() ?? CellTotals.Empty).Plus(delta)), stored?.ETag);
    }

    /// <summary>
    /// Lists the organisation for the statistics of every organisation, once per instance: the rows are never
    /// deleted, so one that this instance wrote is still there.
    /// </summary>
    private async Task ListOrganizationAsync(string organization, CancellationToken cancellationToken)
    {
        if (listedOrganizations.ContainsKey(organization))
        {
            return;
        }

        await Organizations.UpsertEntityAsync(StatisticsRows.OrganizationEntity(organization), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        listedOrganizations.TryAdd(organization, 0);
    }

    private async Task<T?> GetAsync<T>(string partitionKey, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var row = await Aggregates.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    private async Task<List<T>> QueryAsync<T>(string filter, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var rows = new List<T>();
        await foreach (var row in Aggregates.QueryAsync<T>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }
}
