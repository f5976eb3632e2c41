using System.Text.Json.Nodes;
using Azure.Data.Tables;
using VictimAssistance.Benchmarks.Registration;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Benchmarks.Statistics;

/// <summary>
/// The statistics query over HTTP at 1,000 and then at 100,000 registered cases of one organisation, in the same
/// run: reads never scan cases, so the second should cost what the first does (goal: ratio ≤ 1.2). Beside each
/// app query, the same cells are read directly with the SDK (the raw storage baseline). Azurite answers any query
/// by scanning every row of the table, where Azure reads a row-key range of one partition, so on Azurite the raw
/// read grows with the contributions kept beside the cells; the app's own time (app minus raw) shows apart from it.
/// </summary>
public sealed class StatisticsQueryBenchmark : IBenchmark
{
    private const int SmallSize = 1_000;
    private const int LargeSize = 100_000;
    private const int TimedQueries = 200;
    private const int WarmUps = 100;

    public string Name => "statistics-query";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var details = SeedCase.Load(run.RepositoryRoot).Details;
        var host = await run.StartHostAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var query = new Queries(host.Client, BenchmarkHost.Token(Roles.Manager, StatisticsSeeder.Organization), run.Tables.GetTableClient(TableNames.StatisticsAggregates));
        var seeder = new StatisticsSeeder(run, details, Console.Out);

        await seeder.AddAsync(SmallSize, cancellationToken).ConfigureAwait(false);
        var small = await query.MeasureAsync(SmallSize, cancellationToken).ConfigureAwait(false);
        var smallFigure = new Figure(Name, $"GET /api/statistics median, {SmallSize:N0} cases", small.App, "ms", Baseline: small.Raw);
        FigureReport.Print([smallFigure], Console.Out);

        await seeder.AddAsync(LargeSize - SmallSize, cancellationToken).ConfigureAwait(false);
        var large = await query.MeasureAsync(LargeSize, cancellationToken).ConfigureAwait(false);

        return
        [
            smallFigure,
            new Figure(Name, $"GET /api/statistics median, {LargeSize:N0} cases", large.App, "ms", Baseline: large.Raw),
            new Figure(Name, $"GET /api/statistics median, {LargeSize:N0} against {SmallSize:N0} cases", large.App, "ms", Baseline: small.App, Goal: 1.2),
            new Figure(Name, $"raw cells query median, {LargeSize:N0} against {SmallSize:N0} cases", large.Raw, "ms", Baseline: small.Raw),
            new Figure(Name, $"app's own time (app - raw), {LargeSize:N0} against {SmallSize:N0} cases", large.App - large.Raw, "ms", Baseline: small.App - small.Raw, Goal: 1.2),
        ];
    }

    private sealed record Medians(double App, double Raw);

    private sealed class Queries(HttpClient client, string token, TableClient aggregates)
    {
        /// <summary>Checks that the query counts every seeded case (within the published perturbation), warms up, then times app and raw queries in turn.</summary>
        public async Task<Medians> MeasureAsync(int expectedTotal, CancellationToken cancellationToken)
        {
            var total = (long?)(await AppAsync(cancellationToken).ConfigureAwait(false))["cases"]!["total"];
            if (total is null || Math.Abs(total.Value - expectedTotal) > CellKeyPerturbation.MaxPerturbation)
            {
                throw new InvalidOperationException($"The statistics count {total} cases, not {expectedTotal} ± {CellKeyPerturbation.MaxPerturbation}.");
            }

            for (var warmUp = 0; warmUp < WarmUps; warmUp++)
            {
                await AppAsync(cancellationToken).ConfigureAwait(false);
                await RawAsync(cancellationToken).ConfigureAwait(false);
            }

            var app = new Latencies();
            var raw = new Latencies();
            for (var round = 0; round < TimedQueries; round++)
            {
                await app.TimeAsync(() => AppAsync(cancellationToken)).ConfigureAwait(false);
                await raw.TimeAsync(() => RawAsync(cancellationToken)).ConfigureAwait(false);
            }

            Console.WriteLine($"  {expectedTotal:N0} cases: every query reads {await RawAsync(cancellationToken).ConfigureAwait(false)} cell rows");
            return new Medians(app.Percentile(50), raw.Percentile(50));
        }

        private async Task<JsonObject> AppAsync(CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/statistics", UriKind.Relative));
            request.Headers.Authorization = new("Bearer", token);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
        }

        /// <summary>The organisation's cells, every month and area, as the app's store asks for them.</summary>
        private async Task<int> RawAsync(CancellationToken cancellationToken)
        {
            var rows = 0;
            var afterCells = StatisticsRows.CellPrefix[..^1] + (char)(StatisticsRows.CellPrefix[^1] + 1);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {StatisticsSeeder.Organization} and RowKey ge {StatisticsRows.CellPrefix} and RowKey lt {afterCells}");
            await foreach (var _ in aggregates.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows++;
            }

            return rows;
        }
    }
}
