using Azure;
using Azure.Storage.Queues;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.LocalHost;

/// <summary>
/// The host's own queue clients, apart from the app's: messages decoded from base64 (host.json messageEncoding),
/// and a message that is not valid base64 moved unchanged to <c>{queue}-poison</c> and deleted, never handed to
/// the function and never stopping the listener, as the extension's QueueServiceClientProvider does through the
/// SDK's MessageDecodingFailed event.
/// </summary>
public sealed partial class ListenerQueues
{
    private const string PoisonSuffix = "-poison";
    private const int MaxQueueNameLength = 63;
    private readonly QueueServiceClient decoding;
    private readonly QueueServiceClient undecoded;
    private readonly ILogger<ListenerQueues> logger;

    public ListenerQueues(StorageAccountSettings settings, ILogger<ListenerQueues> logger)
    {
        this.logger = logger;
        undecoded = Create(settings, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.MessageDecodingFailed += MoveUndecodableToPoisonAsync;
        decoding = Create(settings, options);
    }

    public QueueClient Queue(string name) => decoding.GetQueueClient(name);

    /// <summary>The queue's poison queue; none for a poison queue itself or where the suffix would make the name too long (QueueListenerFactory).</summary>
    public QueueClient? PoisonQueueOf(string name) => PoisonQueueOf(decoding, name);

    /// <summary>Adds a message to a poison queue, creating the queue when it is missing.</summary>
    public static async Task AddToPoisonAsync(QueueClient poison, BinaryData body, CancellationToken cancellationToken)
    {
        try
        {
            await poison.SendMessageAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await poison.SendMessageAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static QueueClient? PoisonQueueOf(QueueServiceClient service, string name) =>
        name.EndsWith(PoisonSuffix, StringComparison.Ordinal) || name.Length + PoisonSuffix.Length > MaxQueueNameLength
            ? null
            : service.GetQueueClient(name + PoisonSuffix);

    private static QueueServiceClient Create(StorageAccountSettings settings, QueueClientOptions options) =>
        settings.UsesIdentity
            ? new QueueServiceClient(settings.QueueServiceUri!, settings.CreateCredential(), options)
            : new QueueServiceClient(settings.ConnectionString, options);

    private async Task MoveUndecodableToPoisonAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message || PoisonQueueOf(undecoded, args.Queue.Name) is not { } poison)
        {
            return;
        }

        try
        {
            await AddToPoisonAsync(poison, message.Body, args.CancellationToken).ConfigureAwait(false);
            await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken).ConfigureAwait(false);
            LogUndecodableMoved(logger, message.MessageId, args.Queue.Name, poison.Name);
            AppTelemetry.CountPoisoned(args.Queue.Name);
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, args.CancellationToken))
        {
            // The message comes back when its lease ends and is tried again.
            LogUndecodableNotMoved(logger, message.MessageId, args.Queue.Name, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} in {Queue} is not valid base64; moved to {PoisonQueue}.")]
    private static partial void LogUndecodableMoved(ILogger logger, string messageId, string queue, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} in {Queue} is not valid base64 and could not be moved ({ExceptionType}); it comes back after its lease.")]
    private static partial void LogUndecodableNotMoved(ILogger logger, string messageId, string queue, string exceptionType);
}
