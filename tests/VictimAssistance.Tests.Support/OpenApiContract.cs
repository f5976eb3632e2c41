using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// The served OpenAPI document (functions/VictimAssistance.Functions/openapi.json) as the tests read it: which
/// operation a request reaches, and whether a response is one that the document declares for it, checked with
/// JSON Schema 2020-12 (JsonSchema.Net) against the declared schema, <c>$ref</c>s resolved inside the document.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly Uri DocumentUri = new("https://victim-assistance.test/openapi.json");

    private readonly BuildOptions buildOptions;
    private readonly EvaluationOptions evaluationOptions = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private readonly Dictionary<string, JsonSchema> schemas = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly string basePath;
    private readonly IReadOnlyList<(Regex Pattern, string Template)> paths;

    private OpenApiContract(string json)
    {
        Document = JsonNode.Parse(json)!.AsObject();
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri, new JsonElementBaseDocument(JsonDocument.Parse(json).RootElement, DocumentUri));
        buildOptions = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };
        basePath = ((string?)Document["servers"]?[0]?["url"] ?? string.Empty).TrimEnd('/');

        // Concrete paths before templated ones, as OpenAPI matches them.
        paths = Document["paths"]!.AsObject()
            .Select(pair => pair.Key)
            .OrderBy(template => template.Count(character => character == '{'))
            .Select(template => (new Regex("^" + Regex.Replace(Regex.Escape(basePath + template), @"\\\{[^/]+?}", "[^/]+") + "$"), template))
            .ToList();
    }

    public static OpenApiContract Served { get; } = new(File.ReadAllText(DocumentPath));

    public static string DocumentPath => Path.Combine(RepositoryLayout.FindRoot(), "functions", "VictimAssistance.Functions", "openapi.json");

    public JsonObject Document { get; }

    /// <summary>The path template (e.g. <c>/cases/{caseId}</c>) whose operation serves the request, or null.</summary>
    public string? OperationTemplate(HttpMethod method, string requestPath)
    {
        var template = paths.FirstOrDefault(path => path.Pattern.IsMatch(requestPath)).Template;
        return template is not null && Document["paths"]![template]![method.Method.ToLowerInvariant()] is not null ? template : null;
    }

    /// <summary>Why the response is not one the document declares for the request, or null when it is.</summary>
    public string? Violation(HttpMethod method, string requestPath, int status, string? mediaType, byte[] body)
    {
        if (OperationTemplate(method, requestPath) is not { } template)
        {
            return $"the document has no operation {method.Method} {requestPath}.";
        }

        var operationPointer = $"/paths/{Escape(template)}/{method.Method.ToLowerInvariant()}";
        if (!TryResolve($"{operationPointer}/responses/{status.ToString(CultureInfo.InvariantCulture)}", out var responsePointer, out var response))
        {
            return $"status {status} is not documented for {method.Method} {template}.";
        }

        if (response["content"] is not JsonObject content)
        {
            return body.Length == 0 ? null : $"{method.Method} {template} {status} is documented without a body, but one was sent.";
        }

        if (mediaType is null || content[mediaType] is null)
        {
            return $"{method.Method} {template} {status} answered '{mediaType}', documented as {string.Join(" or ", content.Select(pair => pair.Key))}.";
        }

        if (!IsJson(mediaType))
        {
            // A documented non-JSON body (the statistics CSV): its tests read it with a parser of its own format.
            return null;
        }

        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return $"{method.Method} {template} {status} answered a body that is not JSON.";
        }

        var schemaPointer = $"{responsePointer}/content/{Escape(mediaType)}/schema";
        return SchemaViolation(schemaPointer, instance) is { } errors
            ? $"{method.Method} {template} {status} {mediaType} does not match the schema at #{schemaPointer}:\n{errors}"
            : null;
    }

    /// <summary>What in the instance breaks the schema at the pointer (e.g. <c>/components/schemas/Case</c>), or null.</summary>
    public string? SchemaViolation(string schemaPointer, JsonElement instance)
    {
        EvaluationResults results;

        // JsonSchema.Net 8 registers schemas in a registry that is not thread-safe, and tests run in parallel.
        lock (gate)
        {
            results = SchemaAt(schemaPointer).Evaluate(instance, evaluationOptions);
        }

        return results.IsValid
            ? null
            : string.Join('\n', (results.Details ?? [])
                .Where(detail => detail.Errors is not null)
                .SelectMany(detail => detail.Errors!.Select(error => $"  at '{detail.InstanceLocation}' ({detail.EvaluationPath}): {error.Value}")));
    }

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The node at a JSON pointer, following a <c>$ref</c> into <c>#/components/…</c> where it stands.</summary>
    private bool TryResolve(string pointer, out string resolvedPointer, out JsonObject node)
    {
        resolvedPointer = pointer;
        node = Document;
        foreach (var segment in pointer.Split('/').Skip(1))
        {
            if (node[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)] is not JsonObject next)
            {
                return false;
            }

            node = next;
        }

        return (string?)node["$ref"] is not { } reference || TryResolve(reference.TrimStart('#'), out resolvedPointer, out node);
    }

    private JsonSchema SchemaAt(string pointer)
    {
        if (!schemas.TryGetValue(pointer, out var schema))
        {
            var fragment = string.Join('/', pointer.Split('/').Select(Uri.EscapeDataString));
            schema = JsonSchema.FromText(new JsonObject { ["$ref"] = $"{DocumentUri}#{fragment}" }.ToJsonString(), buildOptions);
            schemas[pointer] = schema;
        }

        return schema;
    }
}
