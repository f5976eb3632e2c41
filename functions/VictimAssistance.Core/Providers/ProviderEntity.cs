using System.Text.Json;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Providers;

/// <summary>A row of the Providers table (RowKey = providerId).</summary>
public sealed class ProviderEntity : TableRow
{
    /// <summary>The <see cref="Provider"/> as JSON, without the webhook secret.</summary>
    public string Profile { get; set; } = "{}";

    /// <summary>
    /// The webhook secret sealed by <see cref="Secrets.SecretCipher"/> (see <see cref="ProviderDirectory.SecretToStore"/>);
    /// write-only: opened by the notifier only, never returned and never logged.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Whether the provider-changed message of the last save went out (an inactive provider has nothing to announce).</summary>
    public bool ChangeAnnounced { get; set; }

    public Provider ToProvider() => JsonSerializer.Deserialize(Profile, ApiJson.Api.Provider)!;
}
