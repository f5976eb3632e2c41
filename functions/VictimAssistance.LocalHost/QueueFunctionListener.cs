using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Polls one queue for one queue-triggered function with the host.json settings: up to batchSize messages at a
/// time, backing off to maxPollingInterval when empty; a failed message becomes visible again after
/// visibilityTimeout and moves to {queue}-poison after maxDequeueCount attempts.
/// </summary>
public sealed partial class QueueFunctionListener(
    HostedFunction function,
    StorageClients storage,
    FunctionInvoker invoker,
    IOptions<QueueHostOptions> options,
    TimeProvider time,
    ILogger<QueueFunctionListener> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var queueName = ((QueueTriggerAttribute)function.Trigger).QueueName;
        var queue = storage.Queue(queueName);
        var poison = storage.Queue(QueueNames.Poison(queueName));
        var delay = MinimumPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, Lease, stoppingToken).ConfigureAwait(false)).Value;
            }
            catch (Exception exception) when (StorageFaults.IsStorageFailure(exception))
            {
                LogPollFailed(logger, queueName, exception.GetType().Name);
                messages = [];
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (messages.Length > 0)
            {
                delay = MinimumPollingInterval;
                await Task.WhenAll(messages.Select(message => ProcessAsync(message, queue, poison, settings, stoppingToken))).ConfigureAwait(false);
                continue;
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
        }
    }

    private async Task ProcessAsync(
        QueueMessage message,
        Azure.Storage.Queues.QueueClient queue,
        Azure.Storage.Queues.QueueClient poison,
        QueueHostOptions settings,
        CancellationToken stoppingToken)
    {
        try
        {
            await invoker.InvokeAsync(function, new InvocationInput(stoppingToken, QueueMessage: message)).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // a failing function must not stop the listener: the message is retried or moved to poison
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFunctionFailed(logger, function.Name, message.MessageId, message.DequeueCount, exception);
        }

        try
        {
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
                LogMovedToPoison(logger, message.MessageId, QueueNames.Poison(queue.Name));
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception))
        {
            // The lease runs out and the message comes back by itself.
            LogPollFailed(logger, queue.Name, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} failed ({ExceptionType}); retrying.")]
    private static partial void LogPollFailed(ILogger logger, string queue, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} failed for message {MessageId} (attempt {DequeueCount}).")]
    private static partial void LogFunctionFailed(ILogger logger, string function, string messageId, long dequeueCount, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} moved to {PoisonQueue} after its last attempt.")]
    private static partial void LogMovedToPoison(ILogger logger, string messageId, string poisonQueue);
}
