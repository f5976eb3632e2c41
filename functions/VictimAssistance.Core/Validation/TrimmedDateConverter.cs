using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Validation;

/// <summary>Dates as <c>YYYY-MM-DD</c> (RFC 3339 full-date), trimmed like every other string of a request.</summary>
public sealed class TrimmedDateConverter : JsonConverter<DateOnly>
{
    private const string Format = "yyyy-MM-dd";

    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateOnly.TryParseExact(reader.GetString()!.Trim(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new JsonException("A date must be YYYY-MM-DD.");

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));
}
