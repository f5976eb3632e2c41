using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.LocalHost;

/// <summary>
/// One message through one function as the extension's QueueListener.ProcessMessageAsync and QueueProcessor do:
/// a message already dequeued more than maxDequeueCount times goes to poison without an invocation; while the
/// function runs its lease is renewed at half-time; then it is deleted on success, or released for
/// visibilityTimeout, or moved to poison at its last attempt. Losing the message meanwhile (deleted, or its pop
/// receipt taken over) is no failure of the function: nothing more is done with it.
/// </summary>
public sealed partial class QueueMessageProcessor(
    HostedFunction function,
    QueueClient queue,
    QueueClient? poison,
    QueueHostOptions settings,
    FunctionInvoker invoker,
    IEnumerable<IListenerObserver> observers,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The host leases every message for 10 minutes, whatever host.json says, and renews it at half-time.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    // QueueListener.MinimumVisibilityRenewalInterval: how soon a failed renewal is tried again.
    private static readonly TimeSpan RenewalRetry = TimeSpan.FromMinutes(1);

    /// <summary>Never throws: every outcome is logged, and a failed function is reported by the invoker.</summary>
    public async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message).ConfigureAwait(false);
            return;
        }

        var current = message;
        bool succeeded;
        using (var invocationDone = new CancellationTokenSource())
        {
            var renewing = RenewLeaseAsync(() => current, renewed => current = renewed, invocationDone.Token);
            succeeded = await InvokeAsync(message, stoppingToken).ConfigureAwait(false);
            await invocationDone.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }

        if (succeeded)
        {
            await CompleteAsync(current, "delete", () => queue.DeleteMessageAsync(current.MessageId, current.PopReceipt, CancellationToken.None)).ConfigureAwait(false);
        }
        else if (poison is null)
        {
            // QueueProcessor: with no poison queue the message stays invisible until its lease ends, not in a fast loop.
        }
        else if (current.DequeueCount >= settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(current).ConfigureAwait(false);
        }
        else
        {
            await CompleteAsync(current, "release", () => queue.UpdateMessageAsync(
                current.MessageId, current.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        }
    }

    private async Task<bool> InvokeAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await invoker.InvokeAsync(function, new InvocationInput(stoppingToken, QueueMessage: message)).ConfigureAwait(false);
            return true;
        }
#pragma warning disable CA1031 // a failing function must not stop the listener: the message is retried or moved to poison
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFunctionFailed(logger, function.Name, message.MessageId, message.DequeueCount, exception);
            return false;
        }
    }

    private async Task RenewLeaseAsync(Func<QueueMessage> current, Action<QueueMessage> renewed, CancellationToken invocationDone)
    {
        var wait = Lease / 2;
        try
        {
            while (true)
            {
                await Task.Delay(wait, time, invocationDone).ConfigureAwait(false);
                var message = current();
                try
                {
                    var receipt = await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: Lease, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                    var update = message.Update(receipt.Value);
                    renewed(update);
                    wait = Lease / 2;
                    foreach (var observer in observers)
                    {
                        observer.OnLeaseRenewed(function.Name, update);
                    }
                }
                catch (RequestFailedException exception) when (IsLost(exception))
                {
                    LogLost(logger, message.MessageId, "renew its lease", exception.Status);
                    return;
                }
                catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, CancellationToken.None))
                {
                    LogStorageFailed(logger, message.MessageId, "renew its lease", exception.GetType().Name);
                    wait = RenewalRetry;
                }
            }
        }
        catch (OperationCanceledException) when (invocationDone.IsCancellationRequested)
        {
            // The function has finished.
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message)
    {
        if (poison is null)
        {
            return;
        }

        try
        {
            await ListenerQueues.AddToPoisonAsync(poison, message.Body, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, CancellationToken.None))
        {
            LogStorageFailed(logger, message.MessageId, "move it to poison", exception.GetType().Name);
            return;
        }

        LogMovedToPoison(logger, message.MessageId, message.DequeueCount, poison.Name);
        AppTelemetry.CountPoisoned(queue.Name);
        await CompleteAsync(message, "delete", () => queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task CompleteAsync(QueueMessage message, string action, Func<Task> complete)
    {
        try
        {
            await complete().ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (IsLost(exception))
        {
            LogLost(logger, message.MessageId, action, exception.Status);
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, CancellationToken.None))
        {
            // The message comes back when its lease ends.
            LogStorageFailed(logger, message.MessageId, action, exception.GetType().Name);
        }
    }

    // QueueProcessor's "someone else has the message now": gone (404), pop receipt taken over (400), queue being deleted or disabled (409).
    private static bool IsLost(RequestFailedException exception) =>
        exception.Status is 404 or 409 || (exception.Status == 400 && exception.ErrorCode == "PopReceiptMismatch");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} failed for message {MessageId} (attempt {DequeueCount}).")]
    private static partial void LogFunctionFailed(ILogger logger, string function, string messageId, long dequeueCount, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} moved to {PoisonQueue} after {DequeueCount} attempts.")]
    private static partial void LogMovedToPoison(ILogger logger, string messageId, long dequeueCount, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not {Action} message {MessageId}: it is no longer this listener's (status {Status}).")]
    private static partial void LogLost(ILogger logger, string messageId, string action, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {Action} message {MessageId} ({ExceptionType}); it comes back after its lease.")]
    private static partial void LogStorageFailed(ILogger logger, string messageId, string action, string exceptionType);
}
