using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace VictimAssistance.LocalHost;

public sealed record HostedFunction(string Name, MethodInfo Method, Attribute Trigger);

/// <summary>The [Function] methods of the Function app, found by reflection as the worker's metadata generator finds them.</summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<HostedFunction> Discover(Assembly functionApp) => Discover(functionApp.GetExportedTypes());

    public static IReadOnlyList<HostedFunction> Discover(IEnumerable<Type> functionClasses) =>
        functionClasses
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(method => (method, function: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(pair => pair.function is not null)
            .Select(pair => new HostedFunction(pair.function!.Name, pair.method, TriggerOf(pair.method)))
            .OrderBy(definition => definition.Name, StringComparer.Ordinal)
            .ToList();

    private static Attribute TriggerOf(MethodInfo method) =>
        method.GetParameters()
            .SelectMany(parameter => parameter.GetCustomAttributes())
            .FirstOrDefault(attribute => attribute is HttpTriggerAttribute or QueueTriggerAttribute or TimerTriggerAttribute)
        ?? throw new LocalHostStartupException($"Function {method.DeclaringType?.Name}.{method.Name} has no HTTP, queue or timer trigger the LocalHost can serve.");
}
