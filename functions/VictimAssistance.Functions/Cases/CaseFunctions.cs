using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.Cases;

public sealed class CaseFunctions(HttpApi api, CaseService cases, CaseOutboxProcessor outbox)
{
    private static readonly string[] Registrars = [Roles.Caseworker];
    private static readonly string[] CaseRoles = [Roles.Caseworker, Roles.Admin];

    [Function("RegisterCase")]
    public Task<IActionResult> Register([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases")] HttpRequest request, CancellationToken cancellationToken) =>
        api.CommandAsync(
            request,
            Registrars,
            CaseJson.Api.CaseDetails,
            (caller, details) => cases.RegisterAsync(caller, details, request.Headers["Idempotency-Key"], cancellationToken),
            registration => CaseResult(
                registration.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
                registration.Case,
                location: $"/api/cases/{registration.Case.CaseId}"));

    [Function("ListCases")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases")] HttpRequest request, CancellationToken cancellationToken) =>
        api.HandleAsync(
            request,
            CaseRoles,
            caller => cases.ListAsync(caller, ListQuery(request.Query), cancellationToken),
            page => ApiResults.Ok(page, CaseJson.Api.CaseSummaryPage));

    [Function("GetCase")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}")] HttpRequest request, string caseId, CancellationToken cancellationToken) =>
        api.HandleAsync(
            request,
            CaseRoles,
            caller => cases.GetAsync(caller, caseId, cancellationToken),
            view => ConditionalGet.IsNotModified(request.Headers.IfNoneMatch, view.ETag) ? ApiResults.NotModified(view.ETag) : CaseResult(StatusCodes.Status200OK, view));

    [Function("PatchCase")]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "cases/{caseId}")] HttpRequest request, string caseId, CancellationToken cancellationToken) =>
        api.AuthorizedAsync(request, CaseRoles, async caller =>
        {
            // application/json too: httpie and many clients send it, and the body is read as a merge patch either way.
            var patch = await request.ReadBodyAsync(RequestReading.MergePatchJson, RequestReading.Json).ConfigureAwait(false);
            var outcome = await cases.PatchAsync(caller, caseId, request.Headers.IfMatch, patch, cancellationToken).ConfigureAwait(false);
            return ApiResults.From(outcome, view => CaseResult(StatusCodes.Status200OK, view));
        });

    [Function("GetCaseHistory")]
    public Task<IActionResult> History([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/history")] HttpRequest request, string caseId, CancellationToken cancellationToken) =>
        api.HandleAsync(request, CaseRoles, caller => cases.GetHistoryAsync(caller, caseId, cancellationToken), history => ApiResults.Ok(history, CaseJson.Api.CaseHistory));

    [Function("CloseCase")]
    public Task<IActionResult> Close([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseId}/close")] HttpRequest request, string caseId, CancellationToken cancellationToken) =>
        api.CommandAsync(
            request,
            CaseRoles,
            CaseJson.Api.CloseCaseRequest,
            (caller, close) => cases.CloseAsync(caller, caseId, request.Headers.IfMatch, close, cancellationToken),
            view => CaseResult(StatusCodes.Status200OK, view));

    [Function("ProcessCaseOutbox")]
    public Task ProcessOutbox([QueueTrigger(QueueNames.CaseOutbox)] string message, CancellationToken cancellationToken) =>
        outbox.ProcessAsync(message, cancellationToken);

    private static CaseListQuery ListQuery(IQueryCollection query) =>
        new(query["status"], query["admin1"], query["referrals"], query["limit"], query["continuationToken"], query["organization"]);

    private static IActionResult CaseResult(int status, CaseView view, string? location = null) =>
        ApiResults.Json(status, view, CaseJson.Api.CaseView, headers =>
        {
            headers.ETag = view.ETag;
            if (location is not null)
            {
                headers.Location = location;
            }
        });
}
