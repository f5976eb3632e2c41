using System.Text.Json;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Erasure;

/// <summary>The case's personal data was erased; the reason stays in the tombstone, not in the history.</summary>
public sealed record CaseErased;

public static class ErasureEvents
{
    public static readonly CaseEventType<CaseErased> Erased = new("case.erased", ErasureJson.Default.CaseErased);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(CaseErased))]
public sealed partial class ErasureJson : JsonSerializerContext;
