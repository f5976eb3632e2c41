using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Providers;

/// <summary>
/// The Providers table. It is read directly, never cached, so a change applies to the very next routing decision
/// after the PUT answered: one partition of one row per provider is a single, small query.
/// </summary>
public sealed class ProviderDirectory(StorageClients storage)
{
    /// <summary>The whole directory is one partition: small, read in one query by every routing decision.</summary>
    public const string Partition = "provider";

    private const int MaxDisableAttempts = 5;

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
    public async Task DisableWebhookAsync(string providerId, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxDisableAttempts; attempt++)
        {
            if (await FindAsync(providerId, cancellationToken).ConfigureAwait(false) is not { } stored || stored.ToProvider() is not { Webhook: { DisabledAt: null } webhook } provider)
            {
                return;
            }

            var row = new ProviderEntity
            {
                PartitionKey = Partition,
                RowKey = providerId,
                Profile = JsonSerializer.Serialize(provider with { Webhook = webhook with { DisabledAt = at, DisabledReason = reason } }, ApiJson.Default.Provider),
                WebhookSecret = stored.WebhookSecret,
            };
            if (await TrySaveAsync(row, stored, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new TimeoutException($"Provider {providerId} kept changing while its webhook was being disabled.");
    }

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
