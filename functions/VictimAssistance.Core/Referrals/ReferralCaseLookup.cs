using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Which case a referral belongs to, so the referral routes find it with one point read, never a scan. It is written
/// from the outbox before the referral's route-referral message is sent (this handler is registered first), so a
/// provider is never offered a referral that the lookup does not know yet.
/// </summary>
public sealed class ReferralCaseLookup(StorageClients storage)
    : EventRowFollowUp<ReferralCaseEntity>(storage, TableNames.ReferralCases, [CaseEventTypes.ReferralRequested])
{
    protected override ReferralCaseEntity RowFor(string caseId, CaseFollowUpEvent item) =>
        new() { PartitionKey = item.Data["referralId"]!.GetValue<string>(), RowKey = Row, CaseId = caseId };

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

    /// <summary>The one RowKey of a lookup row (PartitionKey = referralId).</summary>
    private const string Row = "case";
}
