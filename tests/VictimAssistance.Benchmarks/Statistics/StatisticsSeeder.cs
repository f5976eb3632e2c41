using System.Diagnostics;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Benchmarks.Statistics;

/// <summary>
/// Writes registered cases of one organisation straight into storage: each case partition in one transaction of
/// the rows the app's <see cref="CaseChange"/> builds (without the outbox row), its contribution built by the
/// app's <see cref="CaseProjection"/> and written in entity-group transactions of 100, and every cell as the sum
/// of all contributions so far.
/// </summary>
public sealed class StatisticsSeeder(BenchmarkRun run, CaseDetails details, TextWriter progress)
{
    /// <summary>Not the registration benchmark's organisation, whose cases a run on one storage account would count too.</summary>
    public const string Organization = "org-statistics-benchmark";
    private const int Months = 12;
    private const int CaseParallelism = 16;
    private const int ContributionParallelism = 4;
    private const int ProgressEvery = 10_000;
    private static readonly string[] Areas = ["AZ-AGM", "AZ-FUZ", "AZ-TAR", "AZ-KAL", "AZ-LAC", "AZ-QBI", "AZ-ZAN", "AZ-CAB", "AZ-XCI", "AZ-SUS"];
    private static readonly string[] Sexes = ["female", "male", "unknown"];
    private static readonly Caller Caseworker = new("benchmark-caseworker", Roles.Caseworker, new OrganizationScope(Organization));
    private readonly Dictionary<StatisticsCell, CellTotals> cells = [];

    public int Count { get; private set; }

    /// <summary>
    /// Adds <paramref name="count"/> cases. The contributions go first: Azurite finds a row by scanning its
    /// partition, so the 100,000 rows of one organisation's partition cost time growing with their square, and
    /// Azurite's garbage collector copes with that far better before the case rows fill its heap.
    /// </summary>
    public async Task AddAsync(int count, CancellationToken cancellationToken)
    {
        var first = Count;
        var caseIds = Enumerable.Range(0, count).Select(_ => CaseIds.New()).ToArray();
        var contributions = caseIds.Select((caseId, offset) => CaseProjection.Project(Registration(caseId, first + offset).ToRecord(), []) with { RecordKey = CellKeyPerturbation.DrawRecordKey() }).ToArray();
        await WriteContributionsAsync(contributions, cancellationToken).ConfigureAwait(false);
        await WriteCasesAsync(caseIds, first, cancellationToken).ConfigureAwait(false);
        await WriteCellsAsync(contributions, cancellationToken).ConfigureAwait(false);
        Count += count;
    }

    private async Task WriteContributionsAsync(CaseContribution[] contributions, CancellationToken cancellationToken)
    {
        var aggregates = run.Tables.GetTableClient(TableNames.StatisticsAggregates);
        var written = new Progress(progress, "contributions", contributions.Length);
        await Parallel.ForEachAsync(contributions.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = ContributionParallelism, CancellationToken = cancellationToken }, async (batch, token) =>
        {
            await SubmitOnceAsync(aggregates, batch.Select(contribution => new TableTransactionAction(TableTransactionActionType.Add, StatisticsRows.ContributionEntity(contribution))), token).ConfigureAwait(false);
            written.Add(batch.Length);
        }).ConfigureAwait(false);
    }

    private async Task WriteCasesAsync(string[] caseIds, int first, CancellationToken cancellationToken)
    {
        var cases = run.Tables.GetTableClient(TableNames.Cases);
        var written = new Progress(progress, "case partitions", caseIds.Length);
        await Parallel.ForEachAsync(Enumerable.Range(0, caseIds.Length), new ParallelOptions { MaxDegreeOfParallelism = CaseParallelism, CancellationToken = cancellationToken }, async (offset, token) =>
        {
            var change = Registration(caseIds[offset], first + offset);
            await SubmitOnceAsync(cases, change.Actions(withOutbox: false), token).ConfigureAwait(false);
            written.Add(1);
        }).ConfigureAwait(false);
    }

    private async Task WriteCellsAsync(CaseContribution[] contributions, CancellationToken cancellationToken)
    {
        foreach (var contribution in contributions)
        {
            cells[contribution.Cell] = cells.GetValueOrDefault(contribution.Cell, CellTotals.Empty).Plus(CellTotals.Of(contribution));
        }

        var aggregates = run.Tables.GetTableClient(TableNames.StatisticsAggregates);
        foreach (var batch in cells.Chunk(100))
        {
            await aggregates.SubmitTransactionAsync(batch.Select(cell => new TableTransactionAction(TableTransactionActionType.UpsertReplace, StatisticsRows.CellEntity(cell.Key, cell.Value))), cancellationToken).ConfigureAwait(false);
        }

        await run.Tables.GetTableClient(TableNames.StatisticsOrganizations).UpsertEntityAsync(StatisticsRows.OrganizationEntity(Organization), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A transaction of added rows; a conflict means the SDK retried it after its first attempt was applied.</summary>
    private static async Task SubmitOnceAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException failed) when (failed.Status == 409)
        {
            // Already written.
        }
    }

    /// <summary>The i-th case: registered in one of 12 months, in one of 10 areas, with the seed's needs as requested referrals.</summary>
    private CaseChange Registration(string caseId, int index)
    {
        var survivor = details.Survivor! with { Sex = Sexes[index % Sexes.Length], Location = details.Survivor!.Location! with { Admin1 = Areas[index % Areas.Length] } };
        var registeredAt = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero).AddMonths(index % Months).AddMinutes(index / Months);
        var change = CaseChange.Create(
            new CaseHeadEntity { PartitionKey = caseId, Organization = Organization, Status = CaseStatuses.Open, CreatedBy = Caseworker.Subject },
            details with { Survivor = survivor },
            Caseworker,
            registeredAt);
        change.AddEvent(CaseEvents.Registered, new CaseRegistered(details.VictimType, details.Needs?.Count ?? 0));
        foreach (var need in details.Needs ?? [])
        {
            change.RequestReferral(need.ServiceType!, need.Urgency ?? "routine", need.Notes);
        }

        return change;
    }

    /// <summary>Prints a line every <see cref="ProgressEvery"/> rows written, so a long seeding shows it is moving.</summary>
    private sealed class Progress(TextWriter output, string what, int total)
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private int written;

        public void Add(int count)
        {
            var before = Interlocked.Add(ref written, count) - count;
            if ((before + count) / ProgressEvery > before / ProgressEvery || before + count == total)
            {
                output.WriteLine($"  {before + count:N0} of {total:N0} {what} written in {clock.Elapsed.TotalSeconds:N0} s");
            }
        }
    }
}
