using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.AccessLog;

public sealed class AccessLogFunctions(HttpApi api, AccessLogService accessLog, AccessLogWriter writer)
{
    [Function("GetCaseAccessLog")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/access-log")] HttpRequest request, string caseId, CancellationToken cancellationToken) =>
        // Every role of the records may ask, so that one who is not an admin is answered 404 like for an unknown case, not
        // 403; the coordinator, who sees no record at all, is refused as on every record route.
        api.HandleAsync(
            request,
            Roles.RecordRoles,
            caller => accessLog.ListAsync(caller, caseId, new AccessLogQuery(request.Query["limit"], request.Query["continuationToken"]), cancellationToken),
            page => ApiResults.Ok(page, ApiJson.Api.AccessLogPage));

    [Function("WriteAccessLog")]
    public Task Write([QueueTrigger(QueueNames.AccessLog)] string message, CancellationToken cancellationToken) =>
        writer.WriteAsync(message, cancellationToken);
}
