using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>A resource of a compiled ARM template, with the template that declares it.</summary>
/// <param name="Node">The resource's JSON.</param>
/// <param name="Template">The (possibly nested) template that declares it.</param>
/// <param name="Deployment">The module deployment whose template declares it; null at the top level.</param>
internal sealed record ArmResource(JsonObject Node, JsonObject Template, ArmResource? Deployment)
{
    public string Type => Node["type"]?.GetValue<string>() ?? string.Empty;

    public string Name => Node["name"]?.GetValue<string>() ?? string.Empty;

    public JsonObject Properties => Node["properties"] as JsonObject
        ?? throw new InvalidOperationException($"{Type} {Name} has no properties.");

    public bool IsType(string type) => Type.Equals(type, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Reads compiled ARM templates. Bicep modules compile to nested
/// Microsoft.Resources/deployments whose <c>properties.template</c> holds the
/// module's template, and templates with user-defined types use
/// <c>languageVersion</c> 2.0, where <c>resources</c> is an object keyed by
/// symbolic name instead of an array; both forms are handled.
/// </summary>
internal static partial class ArmTemplate
{
    private const string DeploymentsType = "Microsoft.Resources/deployments";

    /// <summary>Every resource the template deploys, modules included, recursively; <c>existing</c> references are left out.</summary>
    public static IReadOnlyList<ArmResource> AllResources(JsonObject template)
    {
        var resources = new List<ArmResource>();
        Collect(template, null, resources);
        return resources;
    }

    public static IReadOnlyList<ArmResource> WithType(this IEnumerable<ArmResource> resources, string type) =>
        resources.Where(resource => resource.IsType(type)).ToList();

    public static ArmResource SingleWithType(this IEnumerable<ArmResource> resources, string type)
    {
        var matches = resources.WithType(type);
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"Expected one {type}, found {matches.Count}.");
    }

    /// <summary>Replaces each <c>variables('name')</c> whose variable is a plain string with that string in quotes.</summary>
    public static string ResolveVariables(string expression, JsonObject template) =>
        VariableReference().Replace(expression, match =>
            template["variables"]?[match.Groups["name"].Value] is JsonValue value
            && value.TryGetValue<string>(out var text)
            && !text.StartsWith('[')
                ? $"'{text}'"
                : match.Value);

    /// <summary>
    /// The app settings of a site: a literal array, or an expression that concatenates
    /// template variables. A variable built by a copy loop contributes its loop's item
    /// (whose name is then an expression).
    /// </summary>
    public static IReadOnlyList<JsonObject> AppSettings(ArmResource site)
    {
        var settings = site.Properties["siteConfig"]?["appSettings"];
        switch (settings)
        {
            case JsonArray array:
                return array.OfType<JsonObject>().ToList();
            case JsonValue value when value.TryGetValue<string>(out var expression):
                var result = new List<JsonObject>();
                foreach (Match match in VariableReference().Matches(expression))
                {
                    result.AddRange(VariableItems(site.Template, match.Groups["name"].Value));
                }

                return result;
            default:
                throw new InvalidOperationException($"Site {site.Name} has no app settings.");
        }
    }

    public static string? SettingName(JsonObject setting) => setting["name"]?.GetValue<string>();

    /// <summary>
    /// Follows an expression of the form <c>[...parameters('p')...]</c> (one parameter)
    /// up through the module deployments to the top-level template and returns the
    /// value the deployment passes without any parameter file: the default value,
    /// or null for a required parameter. Where a module is given a literal, or an
    /// expression without parameters (another module's output), returns that.
    /// </summary>
    public static (string Parameter, JsonNode? DefaultValue) TraceToTopLevel(
        string expression, ArmResource? deployment, JsonObject rootTemplate)
    {
        while (true)
        {
            var name = ParameterName(expression);
            if (deployment is null)
            {
                var declaration = rootTemplate["parameters"]?[name]
                    ?? throw new InvalidOperationException($"No top-level parameter {name}.");
                return (name, declaration["defaultValue"]?.DeepClone());
            }

            var passed = deployment.Properties["parameters"]?[name]?["value"]
                ?? throw new InvalidOperationException($"Module {deployment.Name} is not given {name}.");
            if (passed is not JsonValue passedValue
                || !passedValue.TryGetValue<string>(out var passedExpression)
                || !passedExpression.StartsWith('['))
            {
                return (name, passed.DeepClone());
            }

            if (!ParameterReference().IsMatch(passedExpression))
            {
                return (name, passed.DeepClone());
            }

            expression = passedExpression;
            deployment = deployment.Deployment;
        }
    }

    /// <summary>The name of the one parameter an expression reads.</summary>
    public static string ParameterName(string expression)
    {
        var references = ParameterReference().Matches(expression);
        return references.Count == 1
            ? references[0].Groups["name"].Value
            : throw new InvalidOperationException($"Expected one parameter reference in {expression}.");
    }

    /// <summary>The module symbol and output name in <c>reference('module').outputs.output.value</c>.</summary>
    public static (string Module, string Output) ModuleOutputReference(string expression)
    {
        var match = ModuleOutputPattern().Match(expression);
        return match.Success
            ? (match.Groups["module"].Value, match.Groups["output"].Value)
            : throw new InvalidOperationException($"No module output is read in {expression}.");
    }

    /// <summary>
    /// The type of the resource that an expression such as <c>[reference('symbol')...]</c>
    /// (languageVersion 2.0) or <c>[reference(resourceId('Type', ...)...]</c> reads.
    /// </summary>
    public static string ReferencedType(string expression, JsonObject template)
    {
        var match = ReferencePattern().Match(expression);
        if (!match.Success)
        {
            throw new InvalidOperationException($"No reference() in {expression}.");
        }

        return match.Groups["type"].Success
            ? match.Groups["type"].Value
            : template["resources"]?[match.Groups["symbol"].Value]?["type"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"No resource {match.Groups["symbol"].Value} in the template.");
    }

    private static void Collect(JsonObject template, ArmResource? deployment, List<ArmResource> into)
    {
        IEnumerable<JsonNode?> declared = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject symbolic => symbolic.Select(pair => pair.Value),
            _ => [],
        };

        foreach (var node in declared.OfType<JsonObject>())
        {
            if (node["existing"] is JsonValue existing && existing.TryGetValue<bool>(out var isExisting) && isExisting)
            {
                continue;
            }

            var resource = new ArmResource(node, template, deployment);
            into.Add(resource);
            if (resource.IsType(DeploymentsType) && resource.Properties["template"] is JsonObject nested)
            {
                Collect(nested, resource, into);
            }
        }
    }

    private static IEnumerable<JsonObject> VariableItems(JsonObject template, string name)
    {
        var variables = template["variables"] as JsonObject;
        if (variables?[name] is JsonArray array)
        {
            return array.OfType<JsonObject>();
        }

        var loop = (variables?["copy"] as JsonArray)?
            .OfType<JsonObject>()
            .FirstOrDefault(copy => string.Equals(copy["name"]?.GetValue<string>(), name, StringComparison.Ordinal));
        return loop?["input"] is JsonObject input
            ? [input]
            : throw new InvalidOperationException($"Variable {name} is not an array of settings.");
    }

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)", RegexOptions.CultureInvariant)]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"reference\('(?<module>[^']+)'\)\.outputs\.(?<output>[A-Za-z0-9_]+)\.value", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleOutputPattern();

    [GeneratedRegex(@"reference\((?:'(?<symbol>[^']+)'|resourceId\('(?<type>[^']+)')", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"parameters\('(?<name>[^']+)'\)", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterReference();
}
