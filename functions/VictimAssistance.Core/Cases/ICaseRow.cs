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

/// <summary>
/// One feature's rows of a case partition, registered by that feature: the RowKey range they keep to, which
/// <see cref="CaseStore.LoadAsync"/> reads with the head in one query, and how one of them is read.
/// </summary>
public interface ICaseRowSource
{
    /// <summary>Every row of the feature's, and no other row of the partition, has a RowKey starting with this.</summary>
    string RowPrefix { get; }

    ICaseRow Read(TableEntity row);
}
