using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Secrets;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Providers;

/// <summary>
/// The Providers table. It is read directly, never cached, so a change applies to the very next routing decision
/// after the PUT answered: one partition of one row per provider is a single, small query.
/// </summary>
public sealed class ProviderDirectory(StorageClients storage, ConflictRetry conflicts, SecretCipher cipher)
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

    /// <summary>
    /// The webhook secret to store for a save: <paramref name="given"/> sealed (or the stored value, when it holds the
    /// same secret under the current key, so that an unchanged PUT writes nothing), else the stored one resealed
    /// under the current key when it is in clear or under an older one.
    /// </summary>
    public string? SecretToStore(string providerId, string? given, ProviderEntity? stored)
    {
        var context = SecretContext(providerId);
        return (given, stored?.WebhookSecret) switch
        {
            (null, null) => null,
            (null, { } kept) => ResealedOrAsIs(kept, context),
            ({ } secret, { } kept) when cipher.IsCurrent(kept) && cipher.Holds(kept, secret, context) => kept,
            ({ } secret, _) => cipher.Seal(secret, context),
        };
    }

    /// <summary>
    /// A stored secret that cannot be opened (its key is no longer configured) stays as it is: each start logs it,
    /// and saving the provider with its secret replaces it.
    /// </summary>
    private string ResealedOrAsIs(string kept, string context)
    {
        try
        {
            return cipher.Reseal(kept, context);
        }
        catch (SecretUnreadableException)
        {
            return kept;
        }
    }

    /// <summary>The webhook secret of a stored row, for signing.</summary>
    /// <exception cref="SecretUnreadableException">Its key is not configured, or it was altered.</exception>
    public string? OpenSecret(ProviderEntity row) => row.WebhookSecret is { } stored ? cipher.Open(stored, SecretContext(row.RowKey)) : null;

    /// <summary>
    /// Reseals every stored webhook secret that is in clear (saved before secrets were sealed) or sealed with an older
    /// key, so that after a start the backup exports none in clear and an old key can be retired.
    /// </summary>
    public async Task<SecretResealing> ResealSecretsAsync(CancellationToken cancellationToken)
    {
        var resealed = 0;
        var unreadable = new List<string>();
        await foreach (var row in Rows.QueryAsync<ProviderEntity>(ListPages.PartitionAfter(Partition, null), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (row.WebhookSecret is { } stored && !cipher.IsCurrent(stored) && await ChangeAsync(row.RowKey, Resealed, cancellationToken).ConfigureAwait(false))
                {
                    resealed++;
                }
            }
            catch (SecretUnreadableException)
            {
                unreadable.Add(row.RowKey);
            }
        }

        return new(resealed, unreadable);
    }

    private ProviderEntity? Resealed(ProviderEntity stored) =>
        stored.WebhookSecret is { } secret && !cipher.IsCurrent(secret) ? WithSecret(stored, cipher.Reseal(secret, SecretContext(stored.RowKey))) : null;

    /// <summary>Binds a sealed secret to its row: one moved to another provider's row does not open.</summary>
    private static string SecretContext(string providerId) => $"{TableNames.Providers}/{providerId}/{nameof(ProviderEntity.WebhookSecret)}";

    private static ProviderEntity WithSecret(ProviderEntity stored, string secret) => new()
    {
        PartitionKey = Partition,
        RowKey = stored.RowKey,
        Profile = stored.Profile,
        WebhookSecret = secret,
        ChangeAnnounced = stored.ChangeAnnounced,
    };

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
    private Task<bool> ChangeAsync(string providerId, Func<ProviderEntity, ProviderEntity?> edit, CancellationToken cancellationToken) =>
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
