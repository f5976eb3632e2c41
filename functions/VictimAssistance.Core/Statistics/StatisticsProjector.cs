using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// Keeps the aggregates current from the outbox: after every committed change the case's contribution is
/// projected from the case as it is now and moved into place. Idempotent per case version, so duplicated,
/// reordered and concurrent deliveries change nothing twice, and a crash leaves either all or none of a move.
/// </summary>
public sealed class StatisticsProjector(CaseStore cases, StatisticsStore store) : ICaseFollowUpHandler
{
    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        var contribution = await ProjectAsync(followUp.Case, cancellationToken).ConfigureAwait(false);
        await store.ApplyAsync(contribution, repair: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The case's contribution, reading its history only when a referral's durations need it.</summary>
    public async Task<CaseContribution> ProjectAsync(CaseRecord record, CancellationToken cancellationToken)
    {
        var history = CaseProjection.NeedsHistory(record)
            ? await cases.LoadEventsAsync(record.Head.PartitionKey, cancellationToken).ConfigureAwait(false)
            : [];
        return CaseProjection.Project(record, history);
    }
}
