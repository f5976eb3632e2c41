using System.Text.Json;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Providers;

/// <summary>
/// A provider's directory entry or free capacity changed, so it may now take referrals that no provider could:
/// the provider-changed queue's message (an id only).
/// </summary>
public sealed record ProviderChangedMessage(string ProviderId, string? TraceParent = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProviderChangedMessage))]
public sealed partial class ProviderMessageJson : JsonSerializerContext;
