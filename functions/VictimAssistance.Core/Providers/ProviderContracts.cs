using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Providers;

/// <summary>The body of PUT /api/providers/{providerId}. Every property is optional to the reader so that the validator can name each missing field.</summary>
public sealed record ProviderRequest(
    string? Name,
    bool? Active,
    IReadOnlyList<string>? Services,
    ProviderCoverage? Coverage,
    IReadOnlyList<string>? Languages,
    int? Capacity,
    ProviderEligibility? Eligibility,
    WebhookRequest? Webhook,
    IReadOnlyList<string>? Email = null);

public sealed record ProviderCoverage(IReadOnlyList<string>? Admin1);

public sealed record ProviderEligibility(IReadOnlyList<string>? Sexes, int? MinAge, int? MaxAge);

/// <summary>The webhook as written: the secret is write-only, and a PUT without one keeps the stored secret.</summary>
public sealed record WebhookRequest(string? Url, string? Secret);

/// <summary>
/// The webhook as read back: never the secret, only whether one is stored. A receiver that answered 410 Gone is
/// disabled (when, and why) until an admin saves the provider again.
/// </summary>
public sealed record ProviderWebhook(string Url, bool SecretConfigured, DateTimeOffset? DisabledAt = null, string? DisabledReason = null);

/// <summary>
/// A provider of the directory, as the API returns it and as routing reads it. Its channels (<see cref="Webhook"/>,
/// <see cref="Email"/>) are omitted for a caller that may not see them (<see cref="Security.AccessPolicy.MaySeeProviderChannels"/>).
/// </summary>
public sealed record Provider(
    string ProviderId,
    string Name,
    bool Active,
    IReadOnlyList<string> Services,
    ProviderCoverage Coverage,
    IReadOnlyList<string> Languages,
    int Capacity,
    ProviderEligibility Eligibility,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProviderWebhook? Webhook,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Email,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The addresses that email notices go to: none for an entry saved before email existed.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> EmailAddresses => Email ?? [];
}

public sealed record ProviderPage(IReadOnlyList<Provider> Items, string? ContinuationToken);

/// <summary>A PUT's result: the provider, and whether this request created it.</summary>
public sealed record ProviderSaved(Provider Provider, bool Created);

public sealed record ProviderListQuery(string? Limit, string? ContinuationToken);
