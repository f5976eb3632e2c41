using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.Intake;

public sealed class IntakeFunctions(HttpApi api, IntakeService intake, HeldSubmissionService held, KoboReconciliation reconciliation, HeldSubmissionWatch watch)
{
    public const string KeyHeader = "X-Intake-Key";

    private static readonly string[] Caseworkers = [Roles.Caseworker, Roles.Admin];

    /// <summary>KoboToolbox REST Services: one submission of the form per request, with the intake key instead of a token.</summary>
    [Function("KoboIntake")]
    public Task<IActionResult> Kobo([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "intake/kobo")] HttpRequest request, CancellationToken cancellationToken) =>
        api.AnonymousAsync(request, async () =>
        {
            if (intake.OrganizationOf(request.Headers[KeyHeader]) is not { } organization)
            {
                return ApiResults.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", $"A valid {KeyHeader} header is required.");
            }

            var body = await request.ReadBodyAsync(RequestReading.Json).ConfigureAwait(false);
            var outcome = await intake.TakeInAsync(organization, body, cancellationToken).ConfigureAwait(false);
            return ApiResults.From(outcome, taken => taken.Registration is { } registration
                ? Receipt(registration)
                : ApiResults.Json(StatusCodes.Status202Accepted, new HeldReceipt(taken.HoldId!), ApiJson.Api.HeldReceipt));
        });

    [Function("ListHeldSubmissions")]
    public Task<IActionResult> ListHeld([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "intake/held")] HttpRequest request, CancellationToken cancellationToken) =>
        api.HandleAsync(
            request,
            Caseworkers,
            caller => held.ListAsync(caller, new HeldListQuery(request.Query["organization"], request.Query["limit"], request.Query["continuationToken"]), cancellationToken),
            page => ApiResults.Ok(page, ApiJson.Api.HeldSubmissionPage));

    [Function("GetHeldSubmission")]
    public Task<IActionResult> GetHeld([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "intake/held/{holdId}")] HttpRequest request, string holdId, CancellationToken cancellationToken) =>
        api.HandleAsync(request, Caseworkers, caller => held.GetAsync(caller, request.Query["organization"], holdId, cancellationToken), view => ApiResults.Ok(view, ApiJson.Api.HeldSubmissionView));

    [Function("ReleaseHeldSubmission")]
    public Task<IActionResult> ReleaseHeld([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "intake/held/{holdId}/release")] HttpRequest request, string holdId, CancellationToken cancellationToken) =>
        api.AuthorizedAsync(request, Caseworkers, async caller =>
        {
            var corrections = await request.ReadBodyAsync(RequestReading.MergePatchJson, RequestReading.Json).ConfigureAwait(false);
            return ApiResults.From(await held.ReleaseAsync(caller, request.Query["organization"], holdId, corrections, cancellationToken).ConfigureAwait(false), Receipt);
        });

    [Function("DiscardHeldSubmission")]
    public Task<IActionResult> DiscardHeld([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "intake/held/{holdId}/discard")] HttpRequest request, string holdId, CancellationToken cancellationToken) =>
        api.CommandAsync(
            request,
            Caseworkers,
            ApiJson.Api.DiscardHeldRequest,
            (caller, discard) => held.DiscardAsync(caller, request.Query["organization"], holdId, discard, cancellationToken),
            _ => ApiResults.NoContent());

    /// <summary>Pulls from KoboToolbox what its REST Services did not deliver; the cursor, not the TimerInfo, says where to start.</summary>
    [Function("PullKoboSubmissions")]
    public Task Pull([TimerTrigger("%Intake:Kobo:PullSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reconciliation.PullAsync(cancellationToken);

    /// <summary>The same pull, now, for an operator (under <c>operations/</c>: the host reserves routes beginning with <c>admin</c>).</summary>
    [Function("PullKoboSubmissionsNow")]
    public Task<IActionResult> PullNow([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/intake/kobo/pull")] HttpRequest request, CancellationToken cancellationToken) =>
        api.HandleAsync(
            request,
            [Roles.Admin],
            async _ => (Outcome<KoboPullReport>)await reconciliation.PullAsync(cancellationToken).ConfigureAwait(false),
            report => ApiResults.Ok(report, ApiJson.Api.KoboPullReport));

    /// <summary>Raises the alert while a held submission waits longer than <c>Intake:HeldAlertAfter</c>.</summary>
    [Function("WatchHeldSubmissions")]
    public Task Watch([TimerTrigger("%Intake:HeldWatchSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        watch.AlertOverdueAsync(cancellationToken);

    /// <summary>The held submissions of every organisation, in counts, for an operator.</summary>
    [Function("HeldSubmissionFigures")]
    public Task<IActionResult> HeldFigures([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/intake/held")] HttpRequest request, CancellationToken cancellationToken) =>
        api.HandleAsync(
            request,
            [Roles.Admin],
            async _ => (Outcome<HeldSubmissionFigures>)await watch.FiguresAsync(cancellationToken).ConfigureAwait(false),
            figures => ApiResults.Ok(figures, ApiJson.Api.HeldSubmissionFigures));

    /// <summary>The case a submission made (201) or met (200): its id only, as KoboToolbox keeps answers in its REST Service log.</summary>
    private static IActionResult Receipt(Registration registration) => ApiResults.Json(
        registration.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
        new IntakeReceipt(registration.Case.CaseId),
        ApiJson.Api.IntakeReceipt,
        headers => headers.Location = $"/api/cases/{registration.Case.CaseId}");
}
