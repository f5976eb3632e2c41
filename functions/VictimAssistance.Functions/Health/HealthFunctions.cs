using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core.Storage;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.Health;

public sealed record HealthStatus(string Status);

public sealed class HealthFunctions(HttpApi api, StorageHealth health)
{
    [Function("Health")]
    public Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.AnonymousAsync(request, async () => await health.IsHealthyAsync(cancellationToken).ConfigureAwait(false)
            ? ApiResults.Ok(new HealthStatus("healthy"), HttpJson.Default.HealthStatus)
            : ApiResults.Json(StatusCodes.Status503ServiceUnavailable, new HealthStatus("unhealthy"), HttpJson.Default.HealthStatus, ApiResults.RetryLater));
}
