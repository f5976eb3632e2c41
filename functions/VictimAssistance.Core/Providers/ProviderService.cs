using System.Text.Json;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Locations;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Telemetry;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Providers;

/// <summary>Reading and writing the provider directory.</summary>
public sealed class ProviderService(ProviderDirectory directory, ConflictRetry conflicts, StorageClients storage, WebhookAddressGuard guard, Gazetteer gazetteer, TimeProvider time)
{
    public async Task<Outcome<ProviderSaved>> PutAsync(Caller caller, string providerId, ProviderRequest request, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return new Problem(ProblemKind.Forbidden, "Forbidden", "Only an admin changes the provider directory.");
        }

        if (!ProviderValidator.IsWellFormedId(providerId))
        {
            return Problem.Invalid("providerId", "must be 3 to 64 characters of a-z, 0-9 and '-'.");
        }

        var saved = await conflicts.RunAsync($"Provider {providerId}", token => SaveAsync(providerId, request, token), cancellationToken).ConfigureAwait(false);
        if (saved.Value is { Provider.Active: true } && !saved.Value.Announced)
        {
            await AnnounceAsync(providerId, cancellationToken).ConfigureAwait(false);
        }

        return saved.Problem ?? (Outcome<ProviderSaved>)new ProviderSaved(saved.Value!.Provider, saved.Value.Created);
    }

    private async Task<Attempt<Outcome<Saved>>> SaveAsync(string providerId, ProviderRequest request, CancellationToken cancellationToken)
    {
        var stored = await directory.FindAsync(providerId, cancellationToken).ConfigureAwait(false);
        var errors = ProviderValidator.Validate(request, stored?.WebhookSecret is not null, guard, gazetteer);
        if (!errors.IsEmpty)
        {
            return Attempt.Settled<Outcome<Saved>>(errors.ToProblem());
        }

        var provider = ToProvider(providerId, request);
        var secret = request.Webhook is null ? null : directory.SecretToStore(providerId, request.Webhook.Secret, stored);
        if (stored is not null && IsSame(stored, provider, secret))
        {
            // Nothing changed: nothing is written, and nothing is routed again unless an earlier save's announcement was lost.
            return Attempt.Settled<Outcome<Saved>>(new Saved(stored.ToProvider(), Created: false, stored.ChangeAnnounced));
        }

        var row = new ProviderEntity
        {
            PartitionKey = ProviderDirectory.Partition,
            RowKey = providerId,
            Profile = JsonSerializer.Serialize(provider, ApiJson.Api.Provider),
            WebhookSecret = secret,
            ChangeAnnounced = !provider.Active,
        };
        return await directory.TrySaveAsync(row, stored, cancellationToken).ConfigureAwait(false)
            ? Attempt.Settled<Outcome<Saved>>(new Saved(provider, Created: stored is null, row.ChangeAnnounced))
            : Attempt.Conflict<Outcome<Saved>>();
    }

    private static bool IsSame(ProviderEntity stored, Provider provider, string? secret) =>
        stored.WebhookSecret == secret
        && JsonSerializer.Serialize(stored.ToProvider() with { UpdatedAt = provider.UpdatedAt }, ApiJson.Api.Provider) == JsonSerializer.Serialize(provider, ApiJson.Api.Provider);

    /// <summary>
    /// The directory changed: the unmet referrals this provider could take are routed again, off the request
    /// (provider-changed). The row records that the announcement went out, so a PUT repeated after a lost one sends it.
    /// </summary>
    private async Task AnnounceAsync(string providerId, CancellationToken cancellationToken)
    {
        var message = new ProviderChangedMessage(providerId, AppTelemetry.CurrentTraceParent);
        await storage.SendAsync(QueueNames.ProviderChanged, message, ProviderMessageJson.Default.ProviderChangedMessage, visibilityDelay: null, cancellationToken).ConfigureAwait(false);
        await directory.MarkAnnouncedAsync(providerId, cancellationToken).ConfigureAwait(false);
    }

    private sealed record Saved(Provider Provider, bool Created, bool Announced);

    public async Task<Outcome<Provider>> GetAsync(Caller caller, string providerId, CancellationToken cancellationToken) =>
        ProviderValidator.IsWellFormedId(providerId) && await directory.FindAsync(providerId, cancellationToken).ConfigureAwait(false) is { } row
            ? VisibleTo(caller, row.ToProvider())
            : Problem.NotFound("provider");

    public async Task<Outcome<ProviderPage>> ListAsync(Caller caller, ProviderListQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var limit = ListPages.ReadLimit(errors, query.Limit);
        var after = ListPages.ReadToken(errors, query.ContinuationToken, ProviderValidator.ProviderId());
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var page = await directory.ListAsync(limit, after, cancellationToken).ConfigureAwait(false);
        return page with { Items = page.Items.Select(provider => VisibleTo(caller, provider)).ToList() };
    }

    /// <summary>The provider as this caller may see it: its channels only for an admin and the provider itself.</summary>
    private static Provider VisibleTo(Caller caller, Provider provider) =>
        AccessPolicy.MaySeeProviderChannels(caller, provider.ProviderId)
            ? provider with { Email = provider.EmailAddresses }
            : provider with { Webhook = null, Email = null };

    private Provider ToProvider(string providerId, ProviderRequest request) => new(
        providerId,
        request.Name!,
        request.Active!.Value,
        request.Services!.Distinct(StringComparer.Ordinal).ToList(),
        new ProviderCoverage(request.Coverage!.Admin1!.Distinct(StringComparer.Ordinal).ToList()),
        (request.Languages ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        request.Capacity!.Value,
        new ProviderEligibility(
            (request.Eligibility?.Sexes ?? Vocabularies.Sex).Distinct(StringComparer.Ordinal).ToList(),
            request.Eligibility?.MinAge ?? 0,
            request.Eligibility?.MaxAge ?? ProviderValidator.MaxAge),
        request.Webhook is { Url: { } url } ? new ProviderWebhook(url, SecretConfigured: true) : null,
        (request.Email ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        time.GetUtcNow());
}
