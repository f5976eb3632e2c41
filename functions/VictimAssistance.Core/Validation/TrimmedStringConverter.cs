using System.Text.Json;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Validation;

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

    /// <summary>Dictionary keys (the statistics' breakdowns) are read by the same rule as any other string.</summary>
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options)!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}

#pragma warning disable CA1064, CA1032 // internal marker carried as InnerException only
internal sealed class ControlCharacterException : Exception
{
    public const string Rule = "must not contain control characters other than newline and tab.";
}
#pragma warning restore CA1064, CA1032
