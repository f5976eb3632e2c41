using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Security;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.Erasure;

public sealed class ErasureFunctions(HttpApi api, ErasureService erasure, RetentionSweep retention)
{
    /// <summary>Every role that works with records may call it, so that anyone but an admin is answered 404 by Core, as for a case it cannot see.</summary>
    private static readonly IReadOnlyList<string> Callers = Roles.RecordRoles;

    [Function("EraseCase")]
    public Task<IActionResult> Erase([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseId}/erase")] HttpRequest request, string caseId, CancellationToken cancellationToken) =>
        api.CommandAsync(
            request,
            Callers,
            ApiJson.Api.EraseCaseRequest,
            (caller, erase) => erasure.EraseAsync(caller, caseId, erase, cancellationToken),
            tombstone => ApiResults.Ok(tombstone, ApiJson.Api.CaseTombstone));

    /// <summary>The schedule only says when; the sweep reads the closing dates at its own now, so the TimerInfo is not read.</summary>
    [Function("EraseExpiredCasesOnSchedule")]
    public Task EraseExpiredOnSchedule([TimerTrigger("%Retention:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        retention.RunAsync(cancellationToken);
}
