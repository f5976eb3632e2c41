using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.AccessLog;

/// <summary>
/// A case's access log, for admins only: who read the case, its history or its referrals, newest first. Everyone
/// else is answered as for a case that does not exist. Reading the log is a read about the case, so it is recorded too.
/// </summary>
public sealed class AccessLogService(StorageClients storage, AccessRecorder recorder)
{
    public async Task<Outcome<AccessLogPage>> ListAsync(Caller caller, string caseId, AccessLogQuery query, CancellationToken cancellationToken)
    {
        // No lookup of the case itself: the log of an erased case is still there, and an admin may see every case anyway.
        if (!caller.IsAdmin || !CaseIds.IsWellFormed(caseId))
        {
            return Problem.NotFound("case");
        }

        var errors = new ValidationErrors();
        var limit = ListPages.ReadLimit(errors, query.Limit);
        var after = ListPages.ReadToken(errors, query.ContinuationToken, AccessRecordEntity.RowKeyPattern());
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (rows, next) = await ListPages.ReadAsync<AccessRecordEntity>(
            storage.Table(TableNames.AccessLog), ListPages.PartitionAfter(caseId, after), limit, cancellationToken).ConfigureAwait(false);
        await recorder.RecordAsync(caller, AccessRoutes.CaseAccessLog, caseId, referralId: null, cancellationToken).ConfigureAwait(false);
        return new AccessLogPage(rows.Select(row => row.ToRecord()).ToList(), next);
    }
}
