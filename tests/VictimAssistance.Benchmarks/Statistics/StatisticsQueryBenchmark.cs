using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Benchmarks.Statistics;

/// <summary>
/// The statistics query over HTTP at 1,000 and then at 100,000 registered cases of one organisation, in the same
/// run: reads never scan cases, so the second should cost what the first does (goal: ratio ≤ 1.2). The cases
/// are written straight into Azurite (one transaction per case partition, the case rows built by the app's
/// <see cref="CaseChange"/>) and their aggregates built by the app's <see cref="CaseProjection"/>, the case
/// contributions in entity-group transactions of 100, in parallel batches.
/// </summary>
public sealed class StatisticsQueryBenchmark : IBenchmark
{
    private const string Organization = "org-benchmark";
    private const int SmallSize = 1_000;
    private const int LargeSize = 100_000;
    private const int Months = 12;
    private const int Queries = 200;
    private const int Parallelism = 16;
    private static readonly string[] Areas = ["AZ-AGM", "AZ-FUZ", "AZ-TAR", "AZ-KAL", "AZ-LAC", "AZ-QBL", "AZ-ZAN", "AZ-CAB", "AZ-XOC", "AZ-SUS"];
    private static readonly string[] Sexes = ["female", "male", "unknown"];
    private static readonly Caller Caseworker = new("benchmark-caseworker", Roles.Caseworker, new OrganizationScope(Organization));

    public string Name => "statistics-query";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var details = JsonSerializer.Deserialize(
            await File.ReadAllTextAsync(Path.Combine(run.RepositoryRoot, "seeds", "cases", "survivor-with-rehabilitation-need.json"), cancellationToken).ConfigureAwait(false),
            ApiJson.Default.CaseDetails)!;
        var host = await run.StartHostAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var token = BenchmarkHost.Token(Roles.Manager, Organization);
        var cells = new Dictionary<StatisticsCell, Tally>();

        await SeedAsync(run, details, 0, SmallSize, cells, cancellationToken).ConfigureAwait(false);
        var small = await MedianQueryMillisecondsAsync(host.Client, token, SmallSize, cancellationToken).ConfigureAwait(false);
        await SeedAsync(run, details, SmallSize, LargeSize - SmallSize, cells, cancellationToken).ConfigureAwait(false);
        var large = await MedianQueryMillisecondsAsync(host.Client, token, LargeSize, cancellationToken).ConfigureAwait(false);

        return
        [
            new Figure(Name, $"median GET /api/statistics at {SmallSize:N0} cases", small, "ms"),
            new Figure(Name, $"median GET /api/statistics at {LargeSize:N0} cases (baseline: at {SmallSize:N0})", large, "ms", Baseline: small, Goal: 1.2),
        ];
    }

    /// <summary>Writes <paramref name="count"/> more cases and their contributions, then every cell as the sum of all contributions so far.</summary>
    private static async Task SeedAsync(BenchmarkRun run, CaseDetails details, int first, int count, Dictionary<StatisticsCell, Tally> cells, CancellationToken cancellationToken)
    {
        var cases = run.Tables.GetTableClient(TableNames.Cases);
        var aggregates = run.Tables.GetTableClient(TableNames.StatisticsAggregates);
        var contributions = new CaseContribution[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (offset, token) =>
        {
            var change = Registration(details, first + offset);
            await SubmitOnceAsync(cases, change.Actions().Where(action => !action.Entity.RowKey.StartsWith(CaseRows.OutboxPrefix, StringComparison.Ordinal)), token).ConfigureAwait(false);
            contributions[offset] = CaseProjection.Project(change.ToRecord(), []);
        }).ConfigureAwait(false);

        await Parallel.ForEachAsync(contributions.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (batch, token) =>
            await SubmitOnceAsync(aggregates, batch.Select(contribution => new TableTransactionAction(TableTransactionActionType.Add, StatisticsRows.ContributionEntity(contribution))), token).ConfigureAwait(false))
            .ConfigureAwait(false);

        foreach (var contribution in contributions)
        {
            cells[contribution.Cell] = cells.GetValueOrDefault(contribution.Cell, new Tally()).Plus(contribution.Counts);
        }

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
    private static CaseChange Registration(CaseDetails details, int index)
    {
        var survivor = details.Survivor! with { Sex = Sexes[index % Sexes.Length], Location = details.Survivor!.Location! with { Admin1 = Areas[index % Areas.Length] } };
        var registeredAt = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero).AddMonths(index % Months).AddMinutes(index / Months);
        var change = CaseChange.Create(
            new CaseHeadEntity { PartitionKey = CaseIds.New(), Organization = Organization, Status = CaseStatuses.Open, CreatedBy = Caseworker.Subject },
            details with { Survivor = survivor },
            Caseworker,
            registeredAt);
        change.AddEvent(CaseEventTypes.Registered, new JsonObject { ["victimType"] = details.VictimType, ["needs"] = details.Needs?.Count ?? 0 });
        foreach (var need in details.Needs ?? [])
        {
            change.RequestReferral(need.ServiceType!, need.Urgency ?? "routine", need.Notes);
        }

        return change;
    }

    /// <summary>Checks that the query counts every seeded case, warms up, then times <see cref="Queries"/> queries one after another.</summary>
    private static async Task<double> MedianQueryMillisecondsAsync(HttpClient client, string token, int expectedTotal, CancellationToken cancellationToken)
    {
        var total = (long?)(await QueryAsync(client, token, cancellationToken).ConfigureAwait(false))["cases"]!["total"];
        if (total != expectedTotal)
        {
            throw new InvalidOperationException($"The statistics count {total} cases, not {expectedTotal}.");
        }

        for (var warmUp = 0; warmUp < 20; warmUp++)
        {
            await QueryAsync(client, token, cancellationToken).ConfigureAwait(false);
        }

        var times = new List<double>(Queries);
        for (var query = 0; query < Queries; query++)
        {
            var clock = Stopwatch.StartNew();
            await QueryAsync(client, token, cancellationToken).ConfigureAwait(false);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[(Queries - 1) / 2] + times[Queries / 2]) / 2;
    }

    private static async Task<JsonObject> QueryAsync(HttpClient client, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/statistics", UriKind.Relative));
        request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
    }
}
