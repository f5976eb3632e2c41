using System.Text.Json;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Cases;

/// <summary>
/// Finishes what a case change started after it was acknowledged: hands each pending outbox entry, with the
/// change's events, to every follow-up handler that a feature registered, and deletes the entry last. Idempotent, so redelivery is
/// harmless. The message is enqueued before the case transaction, so it also acts as the sweeper: when it arrives
/// before the transaction is visible it waits and looks again, and a transient fault is retried with backoff
/// instead of ending in the poison queue, so acknowledged work is never dropped.
/// </summary>
public sealed partial class CaseOutboxProcessor(
    CaseStore store,
    IEnumerable<ICaseFollowUpHandler> handlers,
    StorageClients storage,
    TimeProvider time,
    ILogger<CaseOutboxProcessor> logger)
{
    /// <summary>
    /// How long a message waits for its case transaction before concluding that it failed: far longer than a
    /// request can take with the storage client's timeouts and retries.
    /// </summary>
    public static readonly TimeSpan TransactionWindow = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    public async Task ProcessAsync(string messageText, CancellationToken cancellationToken)
    {
        CaseOutboxMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(messageText, ApiJson.Default.CaseOutboxMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
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
            var next = message with { Attempt = message.Attempt + 1 };
            LogRetrying(logger, message.CaseId, message.Version, next.Attempt, exception.GetType().Name);
            await storage.SendAsync(QueueNames.CaseOutbox, next, ApiJson.Default.CaseOutboxMessage, Backoff(message.Attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FinishAsync(CaseOutboxMessage message, CancellationToken cancellationToken)
    {
        var record = await store.LoadAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Head.Version < message.Version)
        {
            await WaitForTransactionAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pending = await store.LoadOutboxAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
        foreach (var entry in pending.OrderBy(entry => entry.Version))
        {
            var events = JsonSerializer.Deserialize(entry.Events, ApiJson.Default.ListCaseFollowUpEvent)!;
            var followUp = new CaseFollowUp(record, entry.Version, events);
            foreach (var handler in handlers)
            {
                await handler.HandleAsync(followUp, cancellationToken).ConfigureAwait(false);
            }

            await store.DeleteOutboxAsync(entry, cancellationToken).ConfigureAwait(false);
            LogFinished(logger, message.CaseId, entry.Version);
        }
    }

    private async Task WaitForTransactionAsync(CaseOutboxMessage message, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - message.EnqueuedAt > TransactionWindow)
        {
            // The request that enqueued this failed before its transaction (and answered 503): nothing to finish.
            LogAbandoned(logger, message.CaseId, message.Version);
            return;
        }

        await storage.SendAsync(QueueNames.CaseOutbox, message with { Attempt = message.Attempt + 1 }, ApiJson.Default.CaseOutboxMessage, Backoff(message.Attempt), cancellationToken)
            .ConfigureAwait(false);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt), MaxBackoff.TotalSeconds));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A case-outbox message could not be read; dropped.")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox of case {CaseId} version {Version}: storage fault ({ExceptionType}); attempt {Attempt} scheduled.")]
    private static partial void LogRetrying(ILogger logger, string caseId, int version, int attempt, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox of case {CaseId} version {Version} finished.")]
    private static partial void LogFinished(ILogger logger, string caseId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} version {Version} was never written; its outbox message is dropped.")]
    private static partial void LogAbandoned(ILogger logger, string caseId, int version);
}
