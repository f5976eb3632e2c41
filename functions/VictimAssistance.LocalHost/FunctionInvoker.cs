using System.Reflection;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;

namespace VictimAssistance.LocalHost;

/// <summary>What one invocation can bind: the HTTP request, a queue message, a timer tick, and its cancellation.</summary>
public sealed record InvocationInput(
    CancellationToken CancellationToken,
    HttpContext? HttpContext = null,
    QueueMessage? QueueMessage = null,
    TimerInfo? Timer = null);

/// <summary>
/// Calls a function method the way the isolated worker does: a new instance from DI per invocation (static
/// methods need none), the trigger parameter, route parameters by name and the invocation's CancellationToken
/// bound, the returned Task awaited. A function that throws is reported to every <see cref="IListenerObserver"/>.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes, IEnumerable<IListenerObserver> observers)
{
    /// <summary>
    /// Refuses, at start-up, every parameter the worker would bind differently from the LocalHost: a trigger of
    /// another type, a QueueMessage or TimerInfo that is not the trigger (the worker binds those by name from trigger
    /// metadata), a string that is neither the trigger nor a route parameter, and anything else (FunctionContext,
    /// input and output bindings).
    /// </summary>
    public static void EnsureBindable(HostedFunction function)
    {
        var routeParameters = RouteParameterNames(function);
        foreach (var parameter in function.Method.GetParameters())
        {
            var type = parameter.ParameterType;
            var isTrigger = parameter.IsDefined(function.Trigger.GetType(), inherit: false);
            var bindable = (isTrigger, function.Trigger) switch
            {
                (true, HttpTriggerAttribute) => type == typeof(HttpRequest),
                (true, QueueTriggerAttribute) => type == typeof(string) || type == typeof(QueueMessage),
                (true, TimerTriggerAttribute) => type == typeof(TimerInfo),
                _ => type == typeof(CancellationToken) || (type == typeof(string) && routeParameters.Contains(parameter.Name!)),
            };
            if (!bindable)
            {
                throw new LocalHostStartupException(
                    $"Function {function.Name}: parameter '{parameter.Name}' of type {type.Name} is not bound by the LocalHost as the worker would bind it. "
                    + "It binds the trigger (HttpRequest, a queue message as string or QueueMessage, TimerInfo), HTTP route parameters as string, and CancellationToken.");
            }
        }
    }

    public async Task<object?> InvokeAsync(HostedFunction function, InvocationInput input)
    {
        await using var scope = scopes.CreateAsyncScope();
        var method = function.Method;
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        if (input.HttpContext is { } httpContext)
        {
            httpContext.RequestServices = scope.ServiceProvider;
        }

        var arguments = method.GetParameters().Select(parameter => Bind(parameter, input)).ToArray();
        try
        {
            var returned = method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            if (returned is not Task task)
            {
                return returned;
            }

            await task.ConfigureAwait(false);
            return method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
        }
        catch (Exception exception) when (!input.CancellationToken.IsCancellationRequested)
        {
            foreach (var observer in observers)
            {
                observer.OnFunctionFailed(function.Name, exception);
            }

            throw;
        }
    }

    private static HashSet<string> RouteParameterNames(HostedFunction function) =>
        function.Trigger is HttpTriggerAttribute http
            ? TemplateParser.Parse(HttpFunctionRoutes.RouteOf(function, http)).Parameters.Select(parameter => parameter.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];

    private static object? Bind(ParameterInfo parameter, InvocationInput input)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return input.CancellationToken;
        }

        if (type == typeof(HttpRequest))
        {
            return input.HttpContext?.Request;
        }

        if (type == typeof(TimerInfo))
        {
            return input.Timer;
        }

        if (type == typeof(QueueMessage))
        {
            return input.QueueMessage;
        }

        if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is not null)
        {
            return input.QueueMessage?.Body.ToString();
        }

        return input.HttpContext?.Request.RouteValues.TryGetValue(parameter.Name!, out var value) == true ? value?.ToString() : null;
    }
}
