using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using VictimAssistance.Core;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.Statistics;

public sealed class StatisticsFunctions(HttpApi api, StatisticsService statistics, StatisticsRecount recount)
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    private static readonly string[] StatisticsRoles = [Roles.Manager, Roles.Coordinator, Roles.Admin];
    private static readonly string[] AdminRoles = [Roles.Admin];

    [Function("GetStatistics")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "statistics")] HttpRequest request, CancellationToken cancellationToken) =>
        api.HandleAsync(request, StatisticsRoles, caller => statistics.GetAsync(caller, Query(request.Query), cancellationToken), report => ApiResults.Ok(report, ApiJson.Api.StatisticsReport));

    [Function("ExportStatistics")]
    public Task<IActionResult> Export([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "statistics/export")] HttpRequest request, CancellationToken cancellationToken) =>
        api.HandleAsync(
            request,
            StatisticsRoles,
            caller => statistics.ExportAsync(caller, Query(request.Query), cancellationToken),
            export => ApiResults.Content(
                export.Csv,
                CsvContentType,
                headers => headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = export.FileName }.ToString()));

    [Function("RecountStatistics")]
    public Task<IActionResult> RecountNow([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/statistics/recount")] HttpRequest request, CancellationToken cancellationToken) =>
        api.AuthorizedAsync(request, AdminRoles, async _ => ApiResults.Ok(await recount.RecountAsync(cancellationToken).ConfigureAwait(false), ApiJson.Api.RecountReport));

    /// <summary>The schedule only says when; the recount reads everything stored, so the TimerInfo is not read.</summary>
    [Function("RecountStatisticsOnSchedule")]
    public Task RecountOnSchedule([TimerTrigger("%Statistics:RecountSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        recount.RecountAsync(cancellationToken);

    private static StatisticsQuery Query(IQueryCollection query) => new(query["from"], query["to"], query["admin1"], query["organization"], query["hxl"]);
}
