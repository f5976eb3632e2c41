using System.Text.Json;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Providers;

/// <summary>Reading and writing the provider directory.</summary>
public sealed class ProviderService(ProviderDirectory directory, UnmetReferralIndex unmet, HostingEnvironmentInfo environment, TimeProvider time)
{
    private const int MaxSaveAttempts = 5;

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

        for (var attempt = 0; attempt < MaxSaveAttempts; attempt++)
        {
            var stored = await directory.FindAsync(providerId, cancellationToken).ConfigureAwait(false);
            var errors = ProviderValidator.Validate(request, stored?.WebhookSecret is not null, environment);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            var provider = ToProvider(providerId, request);
            var row = new ProviderEntity
            {
                PartitionKey = ProviderDirectory.Partition,
                RowKey = providerId,
                Profile = JsonSerializer.Serialize(provider, ApiJson.Default.Provider),
                WebhookSecret = request.Webhook is null ? null : request.Webhook.Secret ?? stored?.WebhookSecret,
            };
            if (await directory.TrySaveAsync(row, stored, cancellationToken).ConfigureAwait(false))
            {
                if (provider.Active)
                {
                    // The directory changed: referrals no provider could take may now find this one.
                    await unmet.RetryAsync(provider.Services, cancellationToken).ConfigureAwait(false);
                }

                return new ProviderSaved(provider, Created: stored is null);
            }
        }

        return Problem.Busy("The provider is being changed by others right now; nothing was changed. Retry shortly.");
    }

    public async Task<Outcome<Provider>> GetAsync(string providerId, CancellationToken cancellationToken) =>
        ProviderValidator.IsWellFormedId(providerId) && await directory.FindAsync(providerId, cancellationToken).ConfigureAwait(false) is { } row
            ? row.ToProvider()
            : Problem.NotFound("provider");

    public async Task<Outcome<ProviderPage>> ListAsync(ProviderListQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var limit = ListPages.ReadLimit(errors, query.Limit);
        var after = ListPages.ReadToken(errors, query.ContinuationToken, ProviderValidator.ProviderId());
        return errors.IsEmpty ? await directory.ListAsync(limit, after, cancellationToken).ConfigureAwait(false) : errors.ToProblem();
    }

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
        time.GetUtcNow());
}
