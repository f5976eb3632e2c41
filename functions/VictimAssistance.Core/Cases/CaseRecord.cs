using System.Text.Json;

namespace VictimAssistance.Core.Cases;

/// <summary>A case as loaded from its partition: the head and its referrals.</summary>
public sealed class CaseRecord(CaseHeadEntity head, IReadOnlyList<ReferralEntity> referrals)
{
    public CaseHeadEntity Head { get; } = head;

    public IReadOnlyList<ReferralEntity> Referrals { get; } = referrals;

    public CaseDetails Details => JsonSerializer.Deserialize(Head.Details, CaseJson.Default.CaseDetails)!;

    public bool IsClosed => Head.Status == CaseStatuses.Closed;

    public int OpenReferrals => Referrals.Count(referral => ReferralStatuses.IsOpen(referral.Status));

    public CaseView ToView()
    {
        var details = Details;
        return new CaseView(
            Head.PartitionKey,
            Head.Organization,
            Head.Status,
            Head.Version,
            Head.CreatedAt,
            Head.UpdatedAt,
            Head.CreatedBy,
            Head.ClosedAt,
            Head.CloseReason,
            details.VictimType,
            details.Survivor,
            details.Incident,
            details.LegalBasis,
            details.Consent,
            details.Needs ?? [],
            Referrals.OrderBy(referral => referral.CreatedAt).ThenBy(referral => referral.ReferralId, StringComparer.Ordinal)
                .Select(referral => referral.ToReferral()).ToList());
    }
}
