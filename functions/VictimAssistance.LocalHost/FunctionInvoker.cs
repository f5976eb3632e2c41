using System.Reflection;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace VictimAssistance.LocalHost;

/// <summary>What one invocation can bind: the HTTP request, a queue message, a timer tick, route values.</summary>
public sealed record InvocationInput(
    CancellationToken CancellationToken,
    HttpContext? HttpContext = null,
    QueueMessage? QueueMessage = null,
    TimerInfo? Timer = null);

/// <summary>
/// Calls a function method the way the isolated worker does: a new instance from DI per invocation (static
/// methods need none), parameters bound by type and by route-parameter name, the returned Task awaited.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes)
{
    public static void EnsureBindable(HostedFunction function)
    {
        foreach (var parameter in function.Method.GetParameters())
        {
            var type = parameter.ParameterType;
            var bindable = type == typeof(HttpRequest) || type == typeof(CancellationToken) || type == typeof(TimerInfo)
                || type == typeof(QueueMessage) || type == typeof(string);
            if (!bindable)
            {
                throw new NotSupportedException($"Function {function.Name}: parameter '{parameter.Name}' of type {type.Name} cannot be bound by the LocalHost.");
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
        var returned = method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        if (returned is not Task task)
        {
            return returned;
        }

        await task.ConfigureAwait(false);
        return method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }

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
