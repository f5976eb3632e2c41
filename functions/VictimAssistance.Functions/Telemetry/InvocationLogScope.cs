using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace VictimAssistance.Functions.Telemetry;

/// <summary>
/// Puts the invocation id into the log scope under the key the worker's gRPC log channel reads, so that the app's
/// log lines reach the host's console and log stream. The host drops a worker log line that names no invocation,
/// and the OpenTelemetry defaults (<c>UseFunctionsWorkerDefaults</c>, schema 1.37.0) scope only
/// <c>faas.invocation_id</c>, which that channel does not read (Azure/azure-functions-dotnet-worker#3489).
/// </summary>
public sealed class InvocationLogScope(ILogger<InvocationLogScope> logger) : IFunctionsWorkerMiddleware
{
    public const string InvocationIdKey = "AzureFunctions_InvocationId";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using (logger.BeginScope(new KeyValuePair<string, object>[] { new(InvocationIdKey, context.InvocationId) }))
        {
            await next(context).ConfigureAwait(false);
        }
    }
}
