using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core;
using VictimAssistance.Core.Intake;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.Intake;

public sealed class IntakeFunctions(HttpApi api, IntakeService intake)
{
    public const string KeyHeader = "X-Intake-Key";

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
            return ApiResults.From(outcome, registration => ApiResults.Json(
                registration.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
                new IntakeReceipt(registration.Case.CaseId),
                ApiJson.Api.IntakeReceipt,
                headers => headers.Location = $"/api/cases/{registration.Case.CaseId}"));
        });
}
