using System.Buffers.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Operations;

/// <summary>
/// The poison queues of the app's queues, for an admin: list them, and move their messages back to their queue once
/// the cause is fixed. Replaying is safe because every queue function is idempotent.
/// </summary>
public sealed partial class PoisonQueues(StorageClients storage, ILogger<PoisonQueues> logger)
{
    /// <summary>Storage returns at most 32 messages per peek.</summary>
    public const int MaxListed = 32;

    /// <summary>One request moves at most this many; the answer says how many, and the operator replays again for more.</summary>
    public const int MaxReplayed = 1000;

    // A message being moved stays hidden in the poison queue this long; one whose move was interrupted shows up again.
    private static readonly TimeSpan MoveLease = TimeSpan.FromMinutes(2);

    public async Task<Outcome<PoisonQueueView>> ListAsync(Caller caller, string queue, CancellationToken cancellationToken)
    {
        if (Refused(caller, queue) is { } problem)
        {
            return problem;
        }

        var poison = storage.RawQueue(QueueNames.Poison(queue));
        try
        {
            var properties = await poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            var peeked = await poison.PeekMessagesAsync(MaxListed, cancellationToken).ConfigureAwait(false);
            return new PoisonQueueView(
                queue,
                properties.Value.ApproximateMessagesCount,
                peeked.Value.Select(message => new PoisonMessage(message.MessageId, message.InsertedOn, message.DequeueCount, IsBase64(message.Body))).ToList());
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            // The host creates a poison queue with its first message.
            return new PoisonQueueView(queue, 0, []);
        }
    }

    public async Task<Outcome<PoisonReplay>> ReplayAsync(Caller caller, string queue, CancellationToken cancellationToken)
    {
        if (Refused(caller, queue) is { } problem)
        {
            return problem;
        }

        // Raw bodies: a message goes back exactly as it came, and one that is not base64 can be read to be kept.
        var poison = storage.RawQueue(QueueNames.Poison(queue));
        var target = storage.RawQueue(queue);
        var replayed = 0;
        var kept = new List<QueueMessage>();
        try
        {
            while (replayed + kept.Count < MaxReplayed)
            {
                var batch = (await poison.ReceiveMessagesAsync(Math.Min(MaxListed, MaxReplayed - replayed - kept.Count), MoveLease, cancellationToken).ConfigureAwait(false)).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    if (!IsBase64(message.Body))
                    {
                        // The host would move it straight back: it stays here, for the operator to remove.
                        kept.Add(message);
                        continue;
                    }

                    // Sent before it is deleted: an interruption can duplicate a message, never lose one.
                    await target.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await DeleteMovedAsync(poison, message, cancellationToken).ConfigureAwait(false);
                    replayed++;
                }
            }

            await ShowAgainAsync(poison, kept, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException missing) when (missing.Status == 404 && replayed == 0 && kept.Count == 0)
        {
            // No poison queue yet: nothing to replay.
        }
        catch (Exception failure) when (replayed + kept.Count > 0 && StorageFaults.IsStorageFailure(failure, cancellationToken))
        {
            // Storage failed part-way: the answer says how many moved, and a second replay moves the rest. A kept
            // message not shown again yet shows up when its lease ends.
        }

        LogReplayed(logger, replayed, queue, kept.Count);
        return new PoisonReplay(queue, replayed, kept.Count);
    }

    /// <summary>Whether the host can decode the body: the queues' messages are base64 (host.json messageEncoding).</summary>
    private static bool IsBase64(BinaryData body) => Base64.IsValid(body.ToMemory().Span);

    private static async Task ShowAgainAsync(QueueClient poison, List<QueueMessage> kept, CancellationToken cancellationToken)
    {
        foreach (var message in kept)
        {
            try
            {
                await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException gone) when (gone.Status is 400 or 404)
            {
                // Removed meanwhile, or its lease ran out and another replay holds it.
            }
        }
    }

    private static async Task DeleteMovedAsync(QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException gone) when (gone.Status is 400 or 404)
        {
            // Its lease ran out and another replay took it, or it is gone: it was sent back already, so it counts.
        }
    }

    private static Problem? Refused(Caller caller, string queue) =>
        !caller.IsAdmin ? new Problem(ProblemKind.Forbidden, "Forbidden", "Only an admin reads and replays poison queues.")
        : !QueueNames.All.Contains(queue, StringComparer.Ordinal) ? Problem.NotFound("queue")
        : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Count} messages from the poison queue of {Queue}; kept {Kept} that are not base64.")]
    private static partial void LogReplayed(ILogger logger, int count, string queue, int kept);
}
