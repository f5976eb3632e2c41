using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>
/// The resources that <c>bicep snapshot</c> predicts for one parameters file, with the values Azure will
/// receive: parameters, variables, names and resource ids evaluated. What depends on the deployment itself
/// (an identity's principal id, a module's runtime output, a secure parameter) stays an ARM expression
/// (a string starting with <c>[</c>).
/// </summary>
internal sealed partial class DeploymentSnapshot(JsonObject snapshot)
{
    public const string SubscriptionId = "11111111-1111-1111-1111-111111111111";
    public const string TenantId = "22222222-2222-2222-2222-222222222222";
    public const string ResourceGroup = "rg-va";
    public const string Location = "westeurope";

    public static string ResourceGroupId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}";

    public IReadOnlyList<JsonObject> Resources { get; } =
        (snapshot["predictedResources"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    /// <summary>What the prediction could not expand (a nested deployment it short-circuited, for example).</summary>
    public IReadOnlyList<string> Diagnostics { get; } =
        (snapshot["diagnostics"] as JsonArray ?? []).Select(node => node?.ToString() ?? string.Empty).ToList();

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(resource => string.Equals(Type(resource), type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        return matches.Count == 1 ? matches[0] : throw new InvalidOperationException($"Expected one {type}, found {matches.Count}.");
    }

    public static string Type(JsonObject resource) => resource["type"]?.GetValue<string>() ?? string.Empty;

    public static string Id(JsonObject resource) => resource["id"]?.GetValue<string>() ?? string.Empty;

    public static string Name(JsonObject resource) => resource["name"]?.GetValue<string>() ?? string.Empty;

    public static JsonNode? Property(JsonObject resource, string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(resource["properties"], (node, key) => node?[key]);

    /// <summary>
    /// The resource an extension resource (lock, diagnostic setting, role assignment, Defender setting) applies to.
    /// A role assignment's id stays an expression (its name hashes the identity's principal id), but its scope,
    /// the first argument of <c>extensionResourceId</c>, is evaluated.
    /// </summary>
    public static string Scope(JsonObject resource)
    {
        var id = Id(resource);
        if (id.StartsWith('['))
        {
            var match = ExtensionScope().Match(id);
            return match.Success ? match.Groups["scope"].Value : throw new InvalidOperationException($"No scope in {id}.");
        }

        var marker = id.LastIndexOf("/providers/", StringComparison.Ordinal);
        return marker > 0 ? id[..marker] : throw new InvalidOperationException($"{id} is not an extension resource.");
    }

    /// <summary>The built-in role id (last segment) of a role assignment's evaluated roleDefinitionId.</summary>
    public static string RoleId(JsonObject assignment) =>
        Property(assignment, "roleDefinitionId")!.GetValue<string>().Split('/')[^1];

    /// <summary>
    /// The site's app settings, name to value: the value as evaluated, or null where it is only known at
    /// deployment time (the identity's client id, a module's runtime output). Settings made by a loop over a
    /// secure parameter (the intake keys) cannot be predicted and are absent.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> AppSettings(JsonObject site)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (Property(site, "siteConfig.appSettings"))
        {
            case JsonArray array:
                foreach (var setting in array.OfType<JsonObject>())
                {
                    var value = setting["value"]?.GetValue<string>();
                    settings.Add(setting["name"]!.GetValue<string>(), value is not null && value.StartsWith('[') ? null : value);
                }

                break;
            case JsonValue expression:
                foreach (Match match in SettingObject().Matches(expression.GetValue<string>()))
                {
                    settings.Add(
                        match.Groups["name"].Value,
                        match.Groups["value"].Success ? match.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal) : null);
                }

                break;
            default:
                throw new InvalidOperationException($"{Name(site)} has no app settings.");
        }

        return settings;
    }

    [GeneratedRegex(@"^\[extensionResourceId\('(?<scope>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionScope();

    [GeneratedRegex(@"createObject\('name', '(?<name>[^']+)', 'value', (?:'(?<value>(?:[^']|'')*)'(?=\))|)", RegexOptions.CultureInvariant)]
    private static partial Regex SettingObject();
}
