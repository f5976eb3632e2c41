using Azure.Data.Tables;

namespace VictimAssistance.Core.Cases;

/// <summary>A row that a feature keeps in a case's partition, written only in the case's transactions.</summary>
public interface ICaseRow : ITableEntity
{
    /// <summary>The version of the case whose change last wrote this row: a row newer than the head it was read with means the read was torn.</summary>
    int CaseVersion { get; set; }

    ICaseRow Copy();
}

/// <summary>A row that shows in the case body as one of its referrals.</summary>
public interface ICaseReferral : ICaseRow
{
    string ReferralId { get; }

    /// <summary>The provider the referral belongs to now, if any: the one that may act on it.</summary>
    string? Holder { get; }

    /// <summary>Still in play (counted as open in the case list).</summary>
    bool IsOpen { get; }

    Referral ToReferral();
}

/// <summary>Loads one feature's rows of a case partition, registered by that feature.</summary>
public interface ICaseRowSource
{
    Task<IReadOnlyList<ICaseRow>> LoadAsync(TableClient cases, string caseId, CancellationToken cancellationToken);
}
