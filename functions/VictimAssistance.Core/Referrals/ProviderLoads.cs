using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Capacity bookkeeping: per provider, the set of referrals it holds. A routing attempt reserves a slot here, with
/// If-Match on the row, before it writes the offer, so two referrals routed at the same moment cannot both take a
/// provider's last slot. Entries are keyed by referral id, so reserving and releasing are idempotent; each carries
/// the token of the attempt that reserved it, so clearing up after an attempt never removes a newer reservation.
/// </summary>
public sealed class ProviderLoads(StorageClients storage, ConflictRetry conflicts, TimeProvider time)
{
    /// <summary>Changes of one provider's row in this instance take turns, each starting from the row as the last one wrote it.</summary>
    private readonly KeyedLocks turns = new(time);
    private readonly ConcurrentDictionary<string, (Dictionary<string, string> Held, ETag ETag)> lastWritten = new(StringComparer.Ordinal);

    /// <summary>
    /// Short, so a full provider's row stays well under the 64 KiB property limit (500 × 46 characters); it only
    /// needs to tell apart the attempts that routed one referral.
    /// </summary>
    public static string NewToken() => Guid.NewGuid().ToString("N")[..8];

    private const string Partition = "load";

    private TableClient Rows => storage.Table(TableNames.ProviderLoads);

    /// <summary>Every provider's held referrals (referralId → reservation token), in one query of one partition.</summary>
    public async Task<LoadSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        var loads = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var etags = new Dictionary<string, ETag>(StringComparer.Ordinal);
        await foreach (var row in Rows.QueryAsync<ProviderLoadEntity>(ListPages.PartitionAfter(Partition, null), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            loads[row.RowKey] = Parse(row);
            etags[row.RowKey] = row.ETag;
        }

        return new LoadSnapshot(loads, etags);
    }

    /// <summary>
    /// Takes a slot for the referral unless the provider is full; a referral already held keeps its slot (under the
    /// new token). The first attempt starts from <paramref name="read"/>, the loads as just read.
    /// </summary>
    public Task<bool> TryReserveAsync(string providerId, int capacity, string referralId, string token, LoadSnapshot read, CancellationToken cancellationToken) =>
        ChangeAsync(
            providerId,
            held =>
            {
                if (!held.ContainsKey(referralId) && held.Count >= capacity)
                {
                    return false;
                }

                held[referralId] = token;
                return true;
            },
            read,
            cancellationToken);

    /// <summary>Frees the referral's slot; with a token, only if that reservation is still the one held.</summary>
    public Task ReleaseAsync(string providerId, string referralId, string? token, CancellationToken cancellationToken) =>
        ChangeAsync(
            providerId,
            held => held.TryGetValue(referralId, out var current) && (token is null || current == token) && held.Remove(referralId),
            read: null,
            cancellationToken);

    /// <summary>
    /// Changes one provider's row under the conflict policy. The first attempt starts from the row as this instance
    /// last wrote it, else from <paramref name="read"/> when given; a write from them is guarded by If-Match, but a
    /// decision to change nothing (full, or not held) is only taken from a fresh read, so a row that another instance
    /// changed since is never misjudged. What is written is recorded in <paramref name="read"/>, so the next
    /// reservation of the same routing run starts from it instead of losing a race to itself.
    /// </summary>
    private async Task<bool> ChangeAsync(string providerId, Func<Dictionary<string, string>, bool> edit, LoadSnapshot? read, CancellationToken cancellationToken)
    {
        using var turn = await turns.EnterAsync(providerId, cancellationToken).ConfigureAwait(false);
        var first = true;
        return await conflicts.RunAsync($"Load of provider {providerId}", async token =>
        {
            var remembered = first ? Remembered(providerId, read) : null;
            first = false;
            var (held, etag) = remembered ?? await ReadAsync(providerId, token).ConfigureAwait(false);
            if (!edit(held))
            {
                return remembered is null ? Attempt.Settled<bool>(false) : Attempt.Conflict<bool>();
            }

            var row = new ProviderLoadEntity
            {
                PartitionKey = Partition,
                RowKey = providerId,
                Held = JsonSerializer.Serialize(held, ReferralJson.Default.DictionaryStringString),
                Count = held.Count,
            };
            try
            {
                var response = etag is { } current
                    ? await Rows.UpdateEntityAsync(row, current, TableUpdateMode.Replace, token).ConfigureAwait(false)
                    : await Rows.AddEntityAsync(row, token).ConfigureAwait(false);
                if (response.Headers.ETag is { } now)
                {
                    lastWritten[providerId] = (held, now);
                    read?.Record(providerId, held, now);
                }

                return Attempt.Settled<bool>(true);
            }
            catch (RequestFailedException failed) when (failed.Status is 409 or 412)
            {
                // Another routing or release changed this provider's load since it was read: read it again.
                lastWritten.TryRemove(providerId, out _);
                return Attempt.Conflict<bool>();
            }
        },
        cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row as this instance last wrote it, else as the routing run read it; null: it has to be read.</summary>
    private (Dictionary<string, string> Held, ETag? ETag)? Remembered(string providerId, LoadSnapshot? read) =>
        lastWritten.TryGetValue(providerId, out var written) ? (new Dictionary<string, string>(written.Held, StringComparer.Ordinal), written.ETag) : read?.Of(providerId);

    private async Task<(Dictionary<string, string> Held, ETag? ETag)> ReadAsync(string providerId, CancellationToken cancellationToken)
    {
        var stored = await Rows.GetEntityIfExistsAsync<ProviderLoadEntity>(Partition, providerId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return stored.HasValue ? (new Dictionary<string, string>(Parse(stored.Value!), StringComparer.Ordinal), stored.Value!.ETag) : (new(StringComparer.Ordinal), null);
    }

    private static Dictionary<string, string> Parse(ProviderLoadEntity row) =>
        JsonSerializer.Deserialize(row.Held, ReferralJson.Default.DictionaryStringString) ?? [];
}

/// <summary>
/// Every provider's held referrals as read at one moment (referralId → reservation token), and the row versions a
/// reservation starts from; the reservations of the routing run that read it are added as it makes them.
/// </summary>
public sealed class LoadSnapshot
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> current;
    private readonly Dictionary<string, ETag> etags;

    public LoadSnapshot(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> held, IReadOnlyDictionary<string, ETag> etags)
    {
        Held = held;
        current = new(held, StringComparer.Ordinal);
        this.etags = new(etags, StringComparer.Ordinal);
    }

    /// <summary>As read: what earlier attempts left reserved.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Held { get; }

    /// <summary>As read, with this run's own reservations since: what a provider holds now, for ranking the next referral.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Current => current;

    internal (Dictionary<string, string> Held, ETag? ETag) Of(string providerId) =>
        current.TryGetValue(providerId, out var referrals)
            ? (new Dictionary<string, string>(referrals, StringComparer.Ordinal), etags[providerId])
            : (new Dictionary<string, string>(StringComparer.Ordinal), null);

    internal void Record(string providerId, Dictionary<string, string> held, ETag etag)
    {
        current[providerId] = held;
        etags[providerId] = etag;
    }
}
