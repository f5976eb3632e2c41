using Microsoft.Extensions.Logging;

namespace VictimAssistance.Core.Storage;

/// <summary>
/// Runs the work of one queue message; when storage did not answer (or a case stayed busy past the conflict
/// deadline), the message goes back on its queue to be tried again after <see cref="Delay"/> and the delivery
/// succeeds. The host's own retries come seconds apart and end in the poison queue after five, which a loaded or
/// briefly unreachable storage account can use up while nothing is wrong with the message; a message that is
/// refused for itself (malformed, or a storage refusal such as 400) still fails and takes the host's way.
/// </summary>
public sealed partial class TransientFaultRequeue(StorageClients storage, ILogger<TransientFaultRequeue> logger)
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);

    public async Task RunAsync(string queueName, string messageText, Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception fault) when (StorageFaults.IsUnavailable(fault, cancellationToken))
        {
            LogRequeued(logger, queueName, fault.GetType().Name, Delay);
            await storage.Queue(queueName).SendMessageAsync(messageText, Delay, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Queue} message met a storage fault ({ExceptionType}); it is sent again, to be tried after {Delay}.")]
    private static partial void LogRequeued(ILogger logger, string queue, string exceptionType, TimeSpan delay);
}
