using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.LocalHost;

/// <summary>Serves HTTP-triggered functions under /api/{route} with their methods, as the Functions host does.</summary>
public static class HttpFunctionEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<HostedFunction> functions)
    {
        foreach (var function in functions)
        {
            if (function.Trigger is not HttpTriggerAttribute trigger)
            {
                continue;
            }

            var methods = (trigger.Methods ?? ["get", "post", "put", "patch", "delete"]).Select(method => method.ToUpperInvariant()).ToArray();
            var route = "/api/" + (trigger.Route ?? function.Name);
            endpoints.MapMethods(route, methods, context => InvokeAsync(context, function)).WithDisplayName(function.Name);
        }
    }

    /// <summary>Writes an IActionResult the way the Functions ASP.NET Core integration does.</summary>
    public static Task ExecuteAsync(HttpContext context, IActionResult result) =>
        result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));

    private static async Task InvokeAsync(HttpContext context, HostedFunction function)
    {
        var invoker = context.RequestServices.GetRequiredService<FunctionInvoker>();
        var returned = await invoker.InvokeAsync(function, new InvocationInput(context.RequestAborted, HttpContext: context)).ConfigureAwait(false);
        switch (returned)
        {
            case IActionResult result:
                await ExecuteAsync(context, result).ConfigureAwait(false);
                break;
            default:
                await ExecuteAsync(context, ApiResults.Problem(StatusCodes.Status500InternalServerError, "Internal error", "The function returned no response.")).ConfigureAwait(false);
                break;
        }
    }
}
