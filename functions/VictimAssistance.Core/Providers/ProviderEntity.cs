using System.Text.Json;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Providers;

/// <summary>A row of the Providers table (RowKey = providerId).</summary>
public sealed class ProviderEntity : TableRow
{
    /// <summary>The <see cref="Provider"/> as JSON, without the webhook secret.</summary>
    public string Profile { get; set; } = "{}";

    /// <summary>Write-only: read by the notifier only, never returned and never logged.</summary>
    public string? WebhookSecret { get; set; }

    public Provider ToProvider() => JsonSerializer.Deserialize(Profile, ApiJson.Default.Provider)!;
}
