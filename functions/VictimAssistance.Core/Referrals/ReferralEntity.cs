using System.Runtime.Serialization;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

public static class ReferralStatuses
{
    public const string Requested = "requested";
    public const string Offered = "offered";
    public const string Accepted = "accepted";
    public const string Completed = "completed";
    public const string Unmet = "unmet";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Requested, Offered, Accepted, Completed, Unmet, Cancelled];

    /// <summary>Referrals still in play: closing a case or withdrawing consent cancels these.</summary>
    public static bool IsOpen(string status) => status is Requested or Offered or Accepted or Unmet;
}

/// <summary>A referral's row in its case's partition (RowKey <c>referral-{referralId}</c>), changed only in the case's transactions.</summary>
public sealed class ReferralEntity : TableRow, ICaseReferral
{
    public const string RowPrefix = "referral-";

    public string ReferralId { get; set; } = string.Empty;

    public int CaseVersion { get; set; }

    public string ServiceType { get; set; } = string.Empty;

    public string Urgency { get; set; } = string.Empty;

    public string? Notes { get; set; }

    public string Status { get; set; } = ReferralStatuses.Requested;

    public string? ProviderId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? RespondBy { get; set; }

    /// <summary>Providers that declined this referral or let it expire, comma-separated: routing never offers it to them again.</summary>
    public string? ExcludedProviders { get; set; }

    /// <summary>When its provider completed it: its access ends <c>Referrals:ProviderAccessAfterCompletion</c> later.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the provider that completed it lost access to it (consent withdrawn, case closed, or the period after completion over).</summary>
    public DateTimeOffset? ProviderAccessEndedAt { get; set; }

    /// <summary>What its provider sees of the survivor, as JSON (<see cref="ReferralSnapshot"/>), kept by <see cref="KeepProviderSnapshots"/>; null while no provider may read it.</summary>
    public string? ProviderSnapshot { get; set; }

    [IgnoreDataMember]
    public string? Holder => ReferralTransitions.HolderOf(this);

    [IgnoreDataMember]
    public bool IsOpen => ReferralStatuses.IsOpen(Status);

    public static string RowKeyOf(string referralId) => RowPrefix + referralId;

    public Referral ToReferral() => new(ReferralId, ServiceType, Urgency, Notes, Status, ProviderId, CreatedAt, UpdatedAt, RespondBy);

    public ICaseRow Copy() => (ReferralEntity)MemberwiseClone();
}

/// <summary>A case's referral rows, loaded with its head.</summary>
public sealed class ReferralRows : ICaseRowSource
{
    public string RowPrefix => ReferralEntity.RowPrefix;

    public ICaseRow Read(TableEntity row) => MixedRows.As<ReferralEntity>(row);
}
