using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace VictimAssistance.Core.Validation;

/// <summary>
/// Reads request bodies strictly: unknown properties, a property given twice (at any depth), wrong types and
/// control characters are refused with the field path; strings and dates are trimmed; integers are read by
/// value, as JSON Schema counts them (1.0 is 1). Error messages never contain the submitted value.
/// </summary>
public static class StrictJson
{
    public const string DuplicateRule = "must not be given more than once.";

    public const string Utf8Rule = "is not valid UTF-8.";

    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> RequestOptions = new();

    public static Outcome<T> Deserialize<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        // The reader checks UTF-8 only where it decodes a string, and then throws outside JsonException.
        if (!Utf8.IsValid(body))
        {
            return Problem.Invalid("$", Utf8Rule);
        }

        try
        {
            var value = JsonSerializer.Deserialize(body, ForRequests(typeInfo));
            return value is null ? Problem.Invalid("$", "a JSON object is required.") : value;
        }
        catch (JsonException exception)
        {
            var path = FieldPath(exception.Path);
            return Problem.Invalid(path, path == DuplicatePath(body) ? DuplicateRule : Describe(exception));
        }
    }

    /// <summary>
    /// The body as a JSON object, for a caller that works on the document itself (a merge patch): invalid JSON
    /// and a property given twice are refused here; the caller checks the content.
    /// </summary>
    public static Outcome<JsonObject> ParseObject(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            return Problem.Invalid("$", Utf8Rule);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return DuplicatePath(body) is { } path ? Problem.Invalid(path, DuplicateRule) : Problem.Invalid("$", "is not valid JSON.");
        }

        return node is JsonObject value ? value : Problem.Invalid("$", "a JSON object is required.");
    }

    public static string FieldPath(string? jsonPath) => jsonPath switch
    {
        null or "" or "$" => "$",
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ when jsonPath.StartsWith('$') => jsonPath[1..],
        _ => jsonPath,
    };

    // The context's options, plus the rules every request body follows.
    private static JsonTypeInfo<T> ForRequests<T>(JsonTypeInfo<T> typeInfo) =>
        (JsonTypeInfo<T>)RequestOptions.GetValue(typeInfo.Options, static options =>
        {
            var strict = new JsonSerializerOptions(options) { AllowDuplicateProperties = false };
            strict.Converters.Insert(0, new TrimmedStringConverter());
            strict.Converters.Insert(0, new TrimmedDateConverter());
            strict.Converters.Insert(0, new WholeNumberConverter());
            strict.MakeReadOnly();
            return strict;
        }).GetTypeInfo(typeof(T));

    private static string Describe(JsonException exception)
    {
        if (exception.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "is not a recognised property.";
        }

        return exception.InnerException is ControlCharacterException
            ? ControlCharacterException.Rule
            : exception.Path is null ? "is not valid JSON." : "has an invalid value or type.";
    }

    /// <summary>
    /// The path of the first property given twice, or null. System.Text.Json refuses duplicates but names only
    /// the property, so the body (well-formed once duplicates are allowed) is walked to name the field path.
    /// </summary>
    private static string? DuplicatePath(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return DuplicatePath(document.RootElement, "$") is { } path ? FieldPath(path) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? DuplicatePath(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (DuplicatePath(item, $"{path}[{index++}]") is { } found)
                {
                    return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var propertyPath = $"{path}.{property.Name}";
                if (!names.Add(property.Name))
                {
                    return propertyPath;
                }

                if (DuplicatePath(property.Value, propertyPath) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
