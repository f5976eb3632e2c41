using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Functions.Notifications;

public sealed class NotificationFunctions(ProviderNotifier notifier)
{
    /// <summary>Bound as a QueueMessage for its DequeueCount: the last attempt records the failure before the message goes to poison.</summary>
    [Function("NotifyProvider")]
    public Task Notify([QueueTrigger(QueueNames.NotifyProvider)] QueueMessage message, CancellationToken cancellationToken) =>
        notifier.NotifyAsync(message.Body.ToString(), message.DequeueCount, cancellationToken);
}
