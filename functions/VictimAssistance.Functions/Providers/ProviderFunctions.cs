using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Security;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.Providers;

public sealed class ProviderFunctions(HttpApi api, ProviderService providers)
{
    private static readonly string[] Writers = [Roles.Admin];

    [Function("PutProvider")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "providers/{providerId}")] HttpRequest request, string providerId, CancellationToken cancellationToken) =>
        api.CommandAsync(request, Writers, ApiJson.Api.ProviderRequest, (caller, body) => providers.PutAsync(caller, providerId, body, cancellationToken), Saved);

    [Function("ListProviders")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "providers")] HttpRequest request, CancellationToken cancellationToken) =>
        api.HandleAsync(request, Roles.RecordRoles, caller => providers.ListAsync(caller, new ProviderListQuery(request.Query["limit"], request.Query["continuationToken"]), cancellationToken), page => ApiResults.Ok(page, ApiJson.Api.ProviderPage));

    [Function("GetProvider")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "providers/{providerId}")] HttpRequest request, string providerId, CancellationToken cancellationToken) =>
        api.HandleAsync(request, Roles.RecordRoles, caller => providers.GetAsync(caller, providerId, cancellationToken), provider => ApiResults.Ok(provider, ApiJson.Api.Provider));

    private static IActionResult Saved(ProviderSaved saved) =>
        saved.Created
            ? ApiResults.Json(StatusCodes.Status201Created, saved.Provider, ApiJson.Api.Provider, headers => headers.Location = $"/api/providers/{saved.Provider.ProviderId}")
            : ApiResults.Ok(saved.Provider, ApiJson.Api.Provider);
}
