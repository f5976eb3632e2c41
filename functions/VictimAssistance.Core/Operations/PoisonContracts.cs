namespace VictimAssistance.Core.Operations;

/// <summary>
/// A message of a poison queue: its id, when it was first queued, how often it was tried, and whether its body is
/// base64 as the host requires (one that is not can never be processed and is not replayed). Never its body.
/// </summary>
public sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, bool Base64);

/// <summary>The oldest messages of a queue's poison queue (up to <see cref="PoisonQueues.MaxListed"/>) and about how many there are.</summary>
public sealed record PoisonQueueView(string Queue, int ApproximateCount, IReadOnlyList<PoisonMessage> Items);

/// <summary>How many messages went back to their queue, and how many stayed because they are not base64.</summary>
public sealed record PoisonReplay(string Queue, int Replayed, int Kept);
