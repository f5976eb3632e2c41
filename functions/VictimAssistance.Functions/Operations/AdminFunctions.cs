using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core;
using VictimAssistance.Core.Operations;
using VictimAssistance.Core.Security;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.Operations;

/// <summary>
/// Operator routes, admin only. Under <c>operations/</c>: the Functions host reserves routes that begin with
/// <c>admin</c> for its own API and refuses to load a function that declares one.
/// </summary>
public sealed class AdminFunctions(HttpApi api, PoisonQueues poison)
{
    private static readonly string[] Operators = [Roles.Admin];

    [Function("ListPoisonMessages")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/poison/{queue}")] HttpRequest request, string queue, CancellationToken cancellationToken) =>
        api.HandleAsync(request, Operators, caller => poison.ListAsync(caller, queue, cancellationToken), view => ApiResults.Ok(view, ApiJson.Api.PoisonQueueView));

    [Function("ReplayPoisonMessages")]
    public Task<IActionResult> Replay([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/poison/{queue}/replay")] HttpRequest request, string queue, CancellationToken cancellationToken) =>
        api.HandleAsync(request, Operators, caller => poison.ReplayAsync(caller, queue, cancellationToken), replay => ApiResults.Ok(replay, ApiJson.Api.PoisonReplay));
}
