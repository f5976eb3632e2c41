using System.Text.Json.Serialization.Metadata;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Functions.Http;

/// <summary>
/// The one pipeline every HTTP function runs through: authenticate and authorise before anything is read,
/// then answer refusals, storage faults and bugs as application/problem+json without internals.
/// </summary>
public sealed partial class HttpApi(TokenAuthenticator authenticator, ILogger<HttpApi> logger)
{
    public Task<IActionResult> AnonymousAsync(HttpRequest request, Func<Task<IActionResult>> handle) => GuardAsync(request, handle);

    public Task<IActionResult> AuthorizedAsync(HttpRequest request, IReadOnlyCollection<string> roles, Func<Caller, Task<IActionResult>> handle) =>
        GuardAsync(request, async () =>
        {
            var outcome = await authenticator.AuthenticateAsync(request.Headers.Authorization, roles).ConfigureAwait(false);
            return outcome.Failure switch
            {
                AuthFailure.Unauthenticated => ApiResults.Problem(
                    StatusCodes.Status401Unauthorized,
                    "Unauthorized",
                    "A valid bearer token is required.",
                    headers: headers => headers.WWWAuthenticate = "Bearer"),
                AuthFailure.Forbidden => ApiResults.Problem(StatusCodes.Status403Forbidden, "Forbidden", "Your role may not use this operation."),
                _ => await handle(outcome.Caller!).ConfigureAwait(false),
            };
        });

    /// <summary>A route without a body (a read, or an action such as accept): authorise, call Core, answer its value or its problem.</summary>
    public Task<IActionResult> HandleAsync<TResult>(
        HttpRequest request,
        IReadOnlyCollection<string> roles,
        Func<Caller, Task<Outcome<TResult>>> call,
        Func<TResult, IActionResult> respond) =>
        AuthorizedAsync(request, roles, async caller => ApiResults.From(await call(caller).ConfigureAwait(false), respond));

    /// <summary>A route that changes: authorise, read the JSON body strictly, call Core, answer its value or its problem.</summary>
    public Task<IActionResult> CommandAsync<TBody, TResult>(
        HttpRequest request,
        IReadOnlyCollection<string> roles,
        JsonTypeInfo<TBody> body,
        Func<Caller, TBody, Task<Outcome<TResult>>> call,
        Func<TResult, IActionResult> respond)
        where TBody : class =>
        AuthorizedAsync(request, roles, async caller =>
        {
            var command = await request.ReadJsonAsync(body).ConfigureAwait(false);
            return ApiResults.From(await call(caller, command).ConfigureAwait(false), respond);
        });

    private async Task<IActionResult> GuardAsync(HttpRequest request, Func<Task<IActionResult>> handle)
    {
        // Named by the method only: a path may carry anything a client typed, and spans carry no personal data.
        using var activity = AppTelemetry.Source.StartActivity($"HTTP {request.Method}", ActivityKind.Server);
        activity?.SetTag("http.request.method", request.Method);
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (RequestProblemException problem) when (problem.Result is not null)
        {
            return problem.Result;
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: the host answers, not a 503 or a 500 from here.
            throw;
        }
        catch (Exception exception) when (StorageFaults.IsUnavailable(exception, request.HttpContext.RequestAborted))
        {
            LogStorageUnavailable(logger, request.Method, request.Path, exception.GetType().Name);
            return ApiResults.Problem(
                StatusCodes.Status503ServiceUnavailable,
                "Service unavailable",
                "Storage is unavailable; nothing was changed. Retry later.",
                headers: ApiResults.RetryLater);
        }
#pragma warning disable CA1031 // the last line of defence: a bug must not leak internals into the response
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, request.Method, request.Path, exception);
            return ApiResults.Problem(StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred; it has been logged.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable during {Method} {Path} ({ExceptionType}); answered 503.")]
    private static partial void LogStorageUnavailable(ILogger logger, string method, PathString path, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error during {Method} {Path}.")]
    private static partial void LogUnexpected(ILogger logger, string method, PathString path, Exception exception);
}
