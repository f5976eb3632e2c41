using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Serves HTTP-triggered functions as the host's WebJobsRouteBuilder (Microsoft.Azure.WebJobs.Extensions.Http) does:
/// one conventional route per function under the route prefix, its methods a route constraint, routes tried from
/// the most specific; a request that no route takes, wrong method included, is answered 404 with an empty body.
/// </summary>
public static class HttpFunctionRoutes
{
    private const string RetryAfterSeconds = "5";

    public static string RouteOf(HostedFunction function, HttpTriggerAttribute trigger) => trigger.Route ?? function.Name;

    public static void Use(WebApplication app, IEnumerable<HostedFunction> functions, string routePrefix)
    {
        var constraintResolver = app.Services.GetRequiredService<IInlineConstraintResolver>();
        var routes = new List<Route>();
        foreach (var function in functions)
        {
            if (function.Trigger is not HttpTriggerAttribute trigger)
            {
                continue;
            }

            var route = RouteOf(function, trigger);
            var constraints = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            if (trigger.Methods is { Length: > 0 } methods)
            {
                constraints["httpMethod"] = new HttpMethodRouteConstraint(methods.Select(method => method.ToUpperInvariant()).ToArray());
            }

            routes.Add(new Route(
                new RouteHandler(context => InvokeAsync(context, function)),
                function.Name,
                string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix}/{route}",
                defaults: null,
                constraints,
                dataTokens: null,
                constraintResolver));
        }

        routes.Sort(MoreSpecificFirst);
        var router = new RouteCollection();
        routes.ForEach(router.Add);
        app.UseRouter(router);
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    /// <summary>Writes an IActionResult the way the Functions ASP.NET Core integration does.</summary>
    public static Task ExecuteAsync(HttpContext context, IActionResult result) =>
        result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));

    // In Azure a Function-level route needs a key that the LocalHost does not have, while the Core Tools ignore
    // authLevel locally: serving it either way would pass tests that fail in Azure, so it is refused.
    public static void EnsureAnonymous(HostedFunction function, HttpTriggerAttribute trigger)
    {
        if (trigger.AuthLevel != AuthorizationLevel.Anonymous)
        {
            throw new LocalHostStartupException(
                $"Function {function.Name} has authLevel {trigger.AuthLevel}: Azure answers it 401 without a function key, and the LocalHost has no keys. "
                + "Make it Anonymous and authenticate in the function, as the app's other functions do with bearer tokens.");
        }
    }

    // The host keeps every route beginning with "admin" (whatever the route prefix) for its own API and leaves a
    // function that claims one in an error state: "The specified route conflicts with one or more built in routes."
    public static void EnsureNotReserved(HostedFunction function, HttpTriggerAttribute trigger)
    {
        if (RouteOf(function, trigger).StartsWith("admin", StringComparison.OrdinalIgnoreCase))
        {
            throw new LocalHostStartupException(
                $"Function {function.Name}: the route '{RouteOf(function, trigger)}' conflicts with the Functions host's built-in routes (it reserves every route beginning with 'admin').");
        }
    }

    private static async Task InvokeAsync(HttpContext context, HostedFunction function)
    {
        var invoker = context.RequestServices.GetRequiredService<FunctionInvoker>();
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        // As the worker's FunctionContext.CancellationToken: the client going away or the host shutting down.
        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        object? returned;
        try
        {
            returned = await invoker.InvokeAsync(function, new InvocationInput(invocation.Token, HttpContext: context)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (invocation.IsCancellationRequested)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await ExecuteAsync(context, ApiResults.Problem(
                    StatusCodes.Status503ServiceUnavailable,
                    "Service unavailable",
                    "The host is shutting down; retry the request.",
                    headers: headers => headers.RetryAfter = RetryAfterSeconds)).ConfigureAwait(false);
            }

            return;
        }

        var result = returned as IActionResult
            ?? ApiResults.Problem(StatusCodes.Status500InternalServerError, "Internal error", "The function returned no response.");
        await ExecuteAsync(context, result).ConfigureAwait(false);
    }

    // The host's order: literal segments before parameters, then more inline constraints, then literals
    // alphabetically, then longer templates before their prefixes.
    private static int MoreSpecificFirst(Route x, Route y)
    {
        var xSegments = x.ParsedTemplate.Segments;
        var ySegments = y.ParsedTemplate.Segments;
        for (var index = 0; index < xSegments.Count; index++)
        {
            if (index >= ySegments.Count)
            {
                return -1;
            }

            var xPart = xSegments[index].Parts[0];
            var yPart = ySegments[index].Parts[0];
            var comparison = (xPart.IsParameter, yPart.IsParameter) switch
            {
                (false, true) => -1,
                (true, false) => 1,
                (true, true) => yPart.InlineConstraints.Count().CompareTo(xPart.InlineConstraints.Count()),
                _ => string.Compare(xPart.Text, yPart.Text, StringComparison.OrdinalIgnoreCase),
            };
            if (comparison != 0)
            {
                return comparison;
            }
        }

        return ySegments.Count > xSegments.Count ? 1 : 0;
    }
}
