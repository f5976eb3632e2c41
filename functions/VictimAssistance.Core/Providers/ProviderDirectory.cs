using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Providers;

/// <summary>
/// The Providers table. It is read directly, never cached, so a change applies to the very next routing decision
/// after the PUT answered: one partition of one row per provider is a single, small query.
/// </summary>
public sealed class ProviderDirectory(StorageClients storage, ConflictRetry conflicts)
{
    /// <summary>The whole directory is one partition: small, read in one query by every routing decision.</summary>
    public const string Partition = "provider";

    private TableClient Rows => storage.Table(TableNames.Providers);

    public async Task<ProviderEntity?> FindAsync(string providerId, CancellationToken cancellationToken)
    {
        var row = await Rows.GetEntityIfExistsAsync<ProviderEntity>(Partition, providerId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    public async Task<IReadOnlyList<Provider>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var providers = new List<Provider>();
        await foreach (var row in Rows.QueryAsync<ProviderEntity>(ListPages.PartitionAfter(Partition, null), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            providers.Add(row.ToProvider());
        }

        return providers;
    }

    public async Task<ProviderPage> ListAsync(int limit, string? afterProviderId, CancellationToken cancellationToken)
    {
        var (rows, next) = await ListPages.ReadAsync<ProviderEntity>(Rows, ListPages.PartitionAfter(Partition, afterProviderId), limit, cancellationToken)
            .ConfigureAwait(false);
        return new ProviderPage(rows.Select(row => row.ToProvider()).ToList(), next);
    }

    /// <summary>Stops notifications to the provider's webhook (it answered 410 Gone); saving the provider again enables it.</summary>
    public Task DisableWebhookAsync(string providerId, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(
            providerId,
            stored => stored.ToProvider() is { Webhook: { DisabledAt: null } webhook } provider
                ? new ProviderEntity
                {
                    PartitionKey = Partition,
                    RowKey = providerId,
                    Profile = JsonSerializer.Serialize(provider with { Webhook = webhook with { DisabledAt = at, DisabledReason = reason } }, ApiJson.Api.Provider),
                    WebhookSecret = stored.WebhookSecret,
                    ChangeAnnounced = stored.ChangeAnnounced,
                }
                : null,
            cancellationToken);

    /// <summary>Records that the provider-changed message of its last save went out.</summary>
    public Task MarkAnnouncedAsync(string providerId, CancellationToken cancellationToken) =>
        ChangeAsync(
            providerId,
            stored => stored.ChangeAnnounced
                ? null
                : new ProviderEntity { PartitionKey = Partition, RowKey = providerId, Profile = stored.Profile, WebhookSecret = stored.WebhookSecret, ChangeAnnounced = true },
            cancellationToken);

    /// <summary>Replaces the stored row by what <paramref name="edit"/> makes of it (null: nothing to change), under the conflict policy.</summary>
    private Task ChangeAsync(string providerId, Func<ProviderEntity, ProviderEntity?> edit, CancellationToken cancellationToken) =>
        conflicts.RunAsync($"Provider {providerId}", async token =>
        {
            if (await FindAsync(providerId, token).ConfigureAwait(false) is not { } stored || edit(stored) is not { } row)
            {
                return Attempt.Settled<bool>(false);
            }

            return await TrySaveAsync(row, stored, token).ConfigureAwait(false) ? Attempt.Settled<bool>(true) : Attempt.Conflict<bool>();
        },
        cancellationToken);

    /// <summary>Adds the row (the stored one was null) or replaces it if unchanged since read; false when another writer got there first.</summary>
    public async Task<bool> TrySaveAsync(ProviderEntity row, ProviderEntity? stored, CancellationToken cancellationToken)
    {
        try
        {
            if (stored is null)
            {
                await Rows.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Rows.UpdateEntityAsync(row, stored.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException failed) when (failed.Status is 409 or 412)
        {
            return false;
        }
    }
}
