using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VictimAssistance.Core.Cases;

/// <summary>
/// One type of history event, declared by the feature that owns it: the name the contract gives it and the record
/// its data is, written and read with the feature's own source-generated JSON.
/// </summary>
public sealed class CaseEventType<T>(string name, JsonTypeInfo<T> json)
    where T : class
{
    public string Name { get; } = name;

    public string Write(T data) => JsonSerializer.Serialize(data, json);

    public T Read(string data) => JsonSerializer.Deserialize(data, json) ?? throw new JsonException($"A {Name} event has no data.");
}
