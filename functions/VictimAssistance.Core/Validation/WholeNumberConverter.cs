using System.Text.Json;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Validation;

/// <summary>
/// Integers read by their value, as JSON Schema's <c>integer</c> counts them: <c>4</c>, <c>4.0</c> and
/// <c>0.4e1</c> are all 4; <c>4.5</c>, a string or a number beyond the range of an int is refused.
/// </summary>
public sealed class WholeNumberConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
        && reader.TryGetDecimal(out var number)
        && number == decimal.Truncate(number)
        && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw new JsonException("An integer is required.");

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
