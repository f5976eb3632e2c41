using System.Text.Json;

namespace VictimAssistance.Core.Cases;

/// <summary>A case as loaded from its partition: the head and the rows its features keep there.</summary>
public sealed class CaseRecord(CaseHeadEntity head, IReadOnlyList<ICaseRow> rows)
{
    private readonly Lazy<CaseDetails> details = new(() => JsonSerializer.Deserialize(head.Details, CaseJson.Api.CaseDetails)!);

    public CaseHeadEntity Head { get; } = head;

    public IReadOnlyList<ICaseRow> Rows { get; } = rows;

    public string CaseId => Head.PartitionKey;

    /// <summary>The details as loaded; a change that replaces them makes a new record (<see cref="CaseChange.ToRecord"/>).</summary>
    public CaseDetails Details => details.Value;

    public bool IsClosed => Head.Status == CaseStatuses.Closed;

    public bool IsErased => Head.ErasedAt is not null;

    public IEnumerable<ICaseReferral> Referrals => Rows.OfType<ICaseReferral>();

    public int OpenReferrals => Referrals.Count(referral => referral.IsOpen);

    public CaseView ToView()
    {
        var current = Details;
        return new CaseView(
            Head.PartitionKey,
            Head.Organization,
            Head.Status,
            Head.ETagVersion,
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
            Referrals.Select(referral => referral.ToReferral())
                .OrderBy(referral => referral.CreatedAt).ThenBy(referral => referral.ReferralId, StringComparer.Ordinal)
                .ToList());
    }
}
