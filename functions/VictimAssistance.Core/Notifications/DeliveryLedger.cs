using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Notifications;

/// <summary>A row of NotificationDeliveries (PartitionKey = notification id, RowKey = channel).</summary>
public sealed class DeliveryEntity : TableRow
{
    public bool Delivered { get; set; }

    /// <summary>Until when one notifier sends this notice on this channel; another one that meets it meanwhile waits.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }
}

public enum ClaimResult
{
    /// <summary>This notifier alone sends it now.</summary>
    Claimed,

    /// <summary>Another notifier is sending it: look again once its lease ends, in case it died.</summary>
    Busy,

    Delivered,
}

/// <summary>
/// Single flight per notification and channel: a notifier claims a delivery (a lease, taken with If-Match) before it
/// sends, so duplicated or concurrent queue messages for one notice never reach the provider side by side, and one
/// that was delivered is never sent again.
/// </summary>
public sealed class DeliveryLedger(StorageClients storage, ConflictRetry conflicts, TimeProvider time)
{
    /// <summary>Longer than a delivery with its in-process retries takes.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private TableClient Rows => storage.Table(TableNames.NotificationDeliveries);

    public Task<ClaimResult> ClaimAsync(string notificationId, string channel, CancellationToken cancellationToken) =>
        conflicts.RunAsync($"Delivery {notificationId}", async token =>
        {
            var stored = await Rows.GetEntityIfExistsAsync<DeliveryEntity>(notificationId, channel, cancellationToken: token).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (stored.HasValue && (stored.Value!.Delivered || stored.Value.LeasedUntil > now))
            {
                return Attempt.Settled<ClaimResult>(stored.Value.Delivered ? ClaimResult.Delivered : ClaimResult.Busy);
            }

            var row = new DeliveryEntity { PartitionKey = notificationId, RowKey = channel, LeasedUntil = now + Lease };
            try
            {
                if (stored.HasValue)
                {
                    await Rows.UpdateEntityAsync(row, stored.Value!.ETag, TableUpdateMode.Replace, token).ConfigureAwait(false);
                }
                else
                {
                    await Rows.AddEntityAsync(row, token).ConfigureAwait(false);
                }

                return Attempt.Settled<ClaimResult>(ClaimResult.Claimed);
            }
            catch (RequestFailedException failed) when (failed.Status is 409 or 412)
            {
                return Attempt.Conflict<ClaimResult>();
            }
        },
        cancellationToken);

    public async Task DeliveredAsync(string notificationId, string channel, CancellationToken cancellationToken) =>
        await Rows.UpsertEntityAsync(new DeliveryEntity { PartitionKey = notificationId, RowKey = channel, Delivered = true }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    /// <summary>Gives the delivery up (it failed and the queue retries it): the next attempt need not wait for the lease. Best effort: otherwise the lease runs out.</summary>
    public async Task ReleaseAsync(string notificationId, string channel, CancellationToken cancellationToken)
    {
        try
        {
            await Rows.UpsertEntityAsync(new DeliveryEntity { PartitionKey = notificationId, RowKey = channel }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Storage is failing: the lease ends by itself.
        }
    }
}
