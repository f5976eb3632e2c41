using System.Text.Json;

namespace VictimAssistance.Core.Cases;

/// <summary>A case as loaded from its partition: the head and its referrals.</summary>
public sealed class CaseRecord(CaseHeadEntity head, IReadOnlyList<ReferralEntity> referrals)
{
    private readonly Lazy<CaseDetails> details = new(() => JsonSerializer.Deserialize(head.Details, ApiJson.Default.CaseDetails)!);

    public CaseHeadEntity Head { get; } = head;

    public IReadOnlyList<ReferralEntity> Referrals { get; } = referrals;

    /// <summary>The details as loaded; a change that replaces them makes a new record (<see cref="CaseChange.ToRecord"/>).</summary>
    public CaseDetails Details => details.Value;

    public bool IsClosed => Head.Status == CaseStatuses.Closed;

    public int OpenReferrals => Referrals.Count(referral => ReferralStatuses.IsOpen(referral.Status));

    public CaseView ToView()
    {
        var current = Details;
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
            current.VictimType,
            current.Survivor,
            current.Incident,
            current.LegalBasis,
            current.Consent,
            current.Needs ?? [],
            Referrals.OrderBy(referral => referral.CreatedAt).ThenBy(referral => referral.ReferralId, StringComparer.Ordinal)
                .Select(referral => referral.ToReferral()).ToList());
    }
}
