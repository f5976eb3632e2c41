using System.Text.Json.Serialization.Metadata;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Cases;

/// <summary>A follow-up that sends one queue message (ids only) for each event of the given types that a change wrote.</summary>
public abstract class EventMessageFollowUp<TMessage>(StorageClients storage, IReadOnlyCollection<string> eventTypes, string queueName, JsonTypeInfo<TMessage> messageType)
    : ICaseFollowUpHandler
    where TMessage : class
{
    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var item in followUp.OfType(eventTypes))
        {
            if (MessageFor(followUp.CaseId, item) is { } message)
            {
                await storage.SendAsync(queueName, message, messageType, visibilityDelay: null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The message for one event; null when this event needs none.</summary>
    protected abstract TMessage? MessageFor(string caseId, CaseFollowUpEvent item);
}
