using System.Text.Json;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Cases;

/// <summary>
/// Finishes what a case change started after it was acknowledged: hands the pending outbox entries of the case, with
/// their changes' events, to the handlers subscribed to them in their declared order, and deletes the entries last.
/// One processor at a time works on an entry (a lease on its row), so duplicated or concurrent messages never run
/// the same handlers side by side; a message that meets a leased entry leaves it to the holder and comes back when
/// the lease has ended, so an entry whose holder failed without giving its lease back is still finished. The message is sent beside the case transaction, so it also acts as the sweeper: when it arrives
/// before the transaction is visible it waits and looks again, and a transient fault is retried with backoff
/// instead of ending in the poison queue, so acknowledged work is never dropped.
/// </summary>
public sealed partial class CaseOutboxProcessor(
    CaseStore store,
    CaseFollowUpHandlers handlers,
    StorageClients storage,
    TimeProvider time,
    ILogger<CaseOutboxProcessor> logger)
{
    /// <summary>
    /// How long a message waits for its case transaction before concluding that it failed: far longer than a
    /// request can take with the storage client's timeouts and retries.
    /// </summary>
    public static readonly TimeSpan TransactionWindow = TimeSpan.FromMinutes(2);

    /// <summary>How long one processor keeps an entry to itself: far longer than its handlers take.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The first wait is short: the message is sent beside its transaction, so it often arrives a moment before the
    /// transaction is visible, and the follow-up work (routing, the offer) should not wait long for it.
    /// </summary>
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    /// <summary>Short enough that work held up by a storage outage goes on soon after storage is back.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public async Task ProcessAsync(string messageText, CancellationToken cancellationToken)
    {
        CaseOutboxMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(messageText, CaseJson.Default.CaseOutboxMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null || !CaseIds.IsWellFormed(message.CaseId))
        {
            LogMalformed(logger);
            return;
        }

        using var activity = AppTelemetry.StartProcessing(QueueNames.CaseOutbox, message.TraceParent);
        activity?.SetTag("va.case_id", message.CaseId);
        activity?.SetTag("va.case_version", message.Version);
        try
        {
            await FinishAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, cancellationToken))
        {
            LogRetrying(logger, message.CaseId, message.Version, message.Attempt + 1, exception.GetType().Name);
            await RescheduleAsync(message, Backoff(message.Attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FinishAsync(CaseOutboxMessage message, CancellationToken cancellationToken)
    {
        var pending = await store.LoadOutboxAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
        if (!pending.Exists(entry => entry.Version == message.Version))
        {
            if (!await IsWrittenAsync(message, cancellationToken).ConfigureAwait(false))
            {
                await WaitForTransactionAsync(message, cancellationToken).ConfigureAwait(false);
                return;
            }

            // The transaction may have landed between the two reads: the entries read before the head are stale.
            pending = await store.LoadOutboxAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
        }

        var taken = new List<OutboxEntity>();
        var held = false;
        foreach (var entry in pending.OrderBy(entry => entry.Version))
        {
            switch (await store.TryLeaseOutboxAsync(entry, Lease, cancellationToken).ConfigureAwait(false))
            {
                case OutboxLease.Taken:
                    taken.Add(entry);
                    break;
                case OutboxLease.HeldByAnother:
                    held = true;
                    LogLeased(logger, message.CaseId, entry.Version);
                    break;
            }
        }

        if (held)
        {
            // Another processor holds an entry, or an earlier attempt of this one whose lease a storage fault kept:
            // look again once the lease has ended, so the entry is finished even if its holder never comes back.
            await RescheduleAsync(message, Lease, cancellationToken).ConfigureAwait(false);
        }

        if (taken.Count == 0)
        {
            return;
        }

        // Every entry this message took goes to the handlers as one change: a handler runs once for them all, and
        // the case is read once, if any handler needs it.
        var events = taken.SelectMany(entry => JsonSerializer.Deserialize(entry.Events, CaseJson.Default.ListCommittedEvent)!).ToList();
        Task<CaseRecord?>? current = null;
        var followUp = new CaseFollowUp(message.CaseId, taken[^1].Version, events, token => current ??= store.LoadAsync(message.CaseId, token));
        try
        {
            foreach (var handler in handlers.For(events))
            {
                await handler.HandleAsync(followUp, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            foreach (var entry in taken)
            {
                await store.ReleaseOutboxAsync(entry).ConfigureAwait(false);
            }

            throw;
        }

        foreach (var entry in taken)
        {
            await store.DeleteOutboxAsync(entry, cancellationToken).ConfigureAwait(false);
            LogFinished(logger, message.CaseId, entry.Version);
        }
    }

    /// <summary>Whether the case reached the message's version: its entry, if it had one, was finished already (or another writer's change took that version).</summary>
    private async Task<bool> IsWrittenAsync(CaseOutboxMessage message, CancellationToken cancellationToken) =>
        (await store.LoadHeadAsync(message.CaseId, cancellationToken).ConfigureAwait(false))?.Version >= message.Version;

    private async Task WaitForTransactionAsync(CaseOutboxMessage message, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - message.EnqueuedAt > TransactionWindow)
        {
            // The request that enqueued this failed before its transaction (and answered 503): nothing to finish.
            LogAbandoned(logger, message.CaseId, message.Version);
            return;
        }

        await RescheduleAsync(message, Backoff(message.Attempt), cancellationToken).ConfigureAwait(false);
    }

    private Task RescheduleAsync(CaseOutboxMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        storage.SendAsync(QueueNames.CaseOutbox, message with { Attempt = message.Attempt + 1 }, CaseJson.Default.CaseOutboxMessage, delay, cancellationToken);

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(FirstBackoff.TotalMilliseconds * Math.Pow(2, attempt), MaxBackoff.TotalMilliseconds));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A case-outbox message could not be read; dropped.")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox of case {CaseId} version {Version}: storage fault ({ExceptionType}); attempt {Attempt} scheduled.")]
    private static partial void LogRetrying(ILogger logger, string caseId, int version, int attempt, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox of case {CaseId} version {Version} is being finished by another processor; looked at again when its lease ends.")]
    private static partial void LogLeased(ILogger logger, string caseId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox of case {CaseId} version {Version} finished.")]
    private static partial void LogFinished(ILogger logger, string caseId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} version {Version} was never written; its outbox message is dropped.")]
    private static partial void LogAbandoned(ILogger logger, string caseId, int version);
}
