using Azure.Storage.Queues.Models;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Polls one queue for one queue-triggered function as the extension's QueueListener does: fetches batchSize
/// messages, each processed on its own (see <see cref="QueueMessageProcessor"/>), and fetches again as soon as no
/// more than newBatchThreshold are still running, so up to batchSize + newBatchThreshold run at once and a slow
/// message never holds up the others. An empty queue backs off from 100 ms to maxPollingInterval (doubling,
/// without the host's random jitter). Stopping cancels the functions' token and waits for them.
/// </summary>
public sealed partial class QueueFunctionListener(
    HostedFunction function,
    string queueName,
    ListenerQueues queues,
    FunctionInvoker invoker,
    QueueHostOptions settings,
    IEnumerable<IListenerObserver> observers,
    TimeProvider time,
    ILogger<QueueFunctionListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = queues.Queue(queueName);
        var processor = new QueueMessageProcessor(function, queue, queues.PoisonQueueOf(queueName), settings, invoker, observers, time, logger);
        var running = new List<Task>();
        var delay = QueueHostOptions.MinimumPollingInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var messages = await ReceiveAsync(queue, stoppingToken).ConfigureAwait(false);
                running.RemoveAll(task => task.IsCompleted);
                running.AddRange(messages.Select(message => processor.ProcessAsync(message, stoppingToken)));
                if (messages.Length > 0)
                {
                    delay = QueueHostOptions.MinimumPollingInterval;
                    while (running.Count > settings.NewBatchThreshold)
                    {
                        running.Remove(await Task.WhenAny(running).ConfigureAwait(false));
                    }

                    continue;
                }

                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the running functions see the same token.
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task<QueueMessage[]> ReceiveAsync(Azure.Storage.Queues.QueueClient queue, CancellationToken stoppingToken)
    {
        try
        {
            return (await queue.ReceiveMessagesAsync(settings.BatchSize, QueueMessageProcessor.Lease, stoppingToken).ConfigureAwait(false)).Value;
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, stoppingToken))
        {
            LogPollFailed(logger, queue.Name, exception.GetType().Name);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} failed ({ExceptionType}); backing off.")]
    private static partial void LogPollFailed(ILogger logger, string queue, string exceptionType);
}
