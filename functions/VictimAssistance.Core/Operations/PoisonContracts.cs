namespace VictimAssistance.Core.Operations;

/// <summary>A message of a poison queue: its id, when it was first queued and how often it was tried. Never its body.</summary>
public sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount);

/// <summary>The oldest messages of a queue's poison queue (up to <see cref="PoisonQueues.MaxListed"/>) and about how many there are.</summary>
public sealed record PoisonQueueView(string Queue, int ApproximateCount, IReadOnlyList<PoisonMessage> Items);

public sealed record PoisonReplay(string Queue, int Replayed);
