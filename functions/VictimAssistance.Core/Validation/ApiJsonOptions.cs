using System.Text.Json;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Validation;

/// <summary>The API's JSON rules, shared by every feature's source-generated context: camelCase, unknown properties refused, strings trimmed.</summary>
public static class ApiJsonOptions
{
    public static JsonSerializerOptions Create() => new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new TrimmedStringConverter(), new UtcTimestampConverter() },
    };
}
