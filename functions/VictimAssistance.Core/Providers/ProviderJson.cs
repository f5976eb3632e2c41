using System.Text.Json;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Providers;

/// <summary>Source-generated, strict JSON for the provider directory: camelCase, unknown properties refused, strings trimmed.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(TrimmedStringConverter), typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(ProviderRequest))]
[JsonSerializable(typeof(Provider))]
[JsonSerializable(typeof(ProviderPage))]
public sealed partial class ProviderJson : JsonSerializerContext;
