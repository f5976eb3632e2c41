using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Which case a referral belongs to, so the referral routes find it with one point read, never a scan. It is written
/// at the <see cref="CaseHandlerStage.Index"/> stage, before the referral's route-referral message is sent, so a
/// provider is never offered a referral that the lookup does not know yet.
/// </summary>
public sealed class ReferralCaseLookup(StorageClients storage) : ICaseFollowUpHandler
{
    /// <summary>The one RowKey of a lookup row (PartitionKey = referralId).</summary>
    private const string Row = "case";

    private TableClient Rows => storage.Table(TableNames.ReferralCases);

    public CaseHandlerStage Stage => CaseHandlerStage.Index;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { ReferralEvents.Requested.Name };

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var (_, requested) in followUp.Of(ReferralEvents.Requested))
        {
            var row = new ReferralCaseEntity { PartitionKey = requested.ReferralId, RowKey = Row, CaseId = followUp.CaseId };
            await Rows.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The case of a well-formed, known referral id; null otherwise (a malformed id never reaches storage).</summary>
    public async Task<string?> FindCaseAsync(string referralId, CancellationToken cancellationToken)
    {
        // Referral ids are made like case ids: 32 lowercase hex characters.
        if (!CaseIds.IsWellFormed(referralId))
        {
            return null;
        }

        var row = await Rows.GetEntityIfExistsAsync<ReferralCaseEntity>(referralId, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.CaseId : null;
    }
}
