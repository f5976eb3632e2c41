using Microsoft.Extensions.Options;
using VictimAssistance.Core.Locations;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// Answers statistics queries from the aggregate cells only: at most months × areas rows per organisation,
/// whatever the number of cases.
/// </summary>
public sealed class StatisticsService(StatisticsStore store, IOptions<StatisticsOptions> options, Gazetteer gazetteer, TimeProvider time)
{
    public async Task<Outcome<StatisticsReport>> GetAsync(Caller caller, StatisticsQuery query, CancellationToken cancellationToken)
    {
        var filters = StatisticsQueryValidator.Validate(caller, query, gazetteer);
        if (filters.Problem is { } problem)
        {
            return problem;
        }

        var scope = filters.Value!;
        var organizations = scope.Organization is { } one ? [one] : await store.OrganizationsAsync(cancellationToken).ConfigureAwait(false);
        var cells = await Task.WhenAll(organizations.Select(organization => store.CellsAsync(organization, scope.From, scope.To, scope.Admin1, cancellationToken))).ConfigureAwait(false);
        return StatisticsReportBuilder.Build(cells.SelectMany(rows => rows).ToList(), scope, options.Value.SuppressionThreshold, time.GetUtcNow());
    }

    public async Task<Outcome<StatisticsExport>> ExportAsync(Caller caller, StatisticsQuery query, CancellationToken cancellationToken)
    {
        var report = await GetAsync(caller, query, cancellationToken).ConfigureAwait(false);
        return report.Problem ?? (Outcome<StatisticsExport>)new StatisticsExport(StatisticsCsv.FileName(report.Value!.Filters), StatisticsCsv.Write(report.Value));
    }
}
