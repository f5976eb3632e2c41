using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace VictimAssistance.Core.Validation;

/// <summary>
/// Reads request bodies strictly: unknown properties, wrong types and control characters are refused with the
/// field path; strings are trimmed. Error messages never contain the submitted value.
/// </summary>
public static class StrictJson
{
    public static Outcome<T> Deserialize<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(body, typeInfo);
            return value is null ? Problem.Invalid("$", "a JSON object is required.") : value;
        }
        catch (JsonException exception)
        {
            return Problem.Invalid(FieldPath(exception.Path), Describe(exception));
        }
    }

    public static string FieldPath(string? jsonPath) => jsonPath switch
    {
        null or "" or "$" => "$",
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ when jsonPath.StartsWith('$') => jsonPath[1..],
        _ => jsonPath,
    };

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
}

/// <summary>Trims every string and rejects control characters other than newline and tab (CR LF is read as LF).</summary>
public sealed class TrimmedStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null)
        {
            return null;
        }

        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        foreach (var character in text)
        {
            if (char.IsControl(character) && character is not '\n' and not '\t')
            {
                throw new JsonException(ControlCharacterException.Rule, new ControlCharacterException());
            }
        }

        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

#pragma warning disable CA1064, CA1032 // internal marker carried as InnerException only
internal sealed class ControlCharacterException : Exception
{
    public const string Rule = "must not contain control characters other than newline and tab.";
}
#pragma warning restore CA1064, CA1032
