using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// Keeps the aggregates current from the outbox: after every committed change the case's contribution is
/// projected from the case as it is now and moved into place. Idempotent per case version, so duplicated,
/// reordered and concurrent deliveries change nothing twice, and a crash leaves either all or none of a move.
/// </summary>
public sealed class StatisticsProjector(CaseStore cases, StatisticsStore store, TimeProvider time) : ICaseFollowUpHandler
{
    /// <summary>
    /// Cases of one district and month share a cell row, which every projection replaces with If-Match: in this
    /// instance they take turns instead of losing races to each other, each of which costs the reads and the
    /// transaction again.
    /// </summary>
    private readonly KeyedLocks cellTurns = new(time);

    public CaseHandlerStage Stage => CaseHandlerStage.Project;

    /// <summary>Every event that changes what a case counts for: the case's own and its referrals', not notifications.</summary>
    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>
    {
        CaseEvents.Registered.Name, CaseEvents.Updated.Name, CaseEvents.Closed.Name,
        ReferralEvents.Requested.Name, ReferralEvents.Offered.Name, ReferralEvents.Unmet.Name, ReferralEvents.Accepted.Name,
        ReferralEvents.Declined.Name, ReferralEvents.Expired.Name, ReferralEvents.Completed.Name, ReferralEvents.Cancelled.Name,
    };

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        if (await followUp.CaseAsync(cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return;
        }

        var contribution = await ProjectAsync(record, cancellationToken).ConfigureAwait(false);
        var cell = contribution.Cell;
        using var turn = await cellTurns.EnterAsync($"{cell.Organization}|{cell.Month}|{cell.Admin1}", cancellationToken).ConfigureAwait(false);
        await (followUp.Has(CaseEvents.Registered)
            ? store.CountFirstAsync(contribution, cancellationToken)
            : store.ApplyAsync(contribution, repair: false, cancellationToken)).ConfigureAwait(false);
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
