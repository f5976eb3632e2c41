using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>ProviderLoads: one row per provider (one partition, RowKey = providerId), changed only with If-Match.</summary>
public sealed class ProviderLoadEntity : TableRow
{
    /// <summary>The referrals the provider holds (offered + accepted) as JSON: referralId → token of the routing attempt that reserved it.</summary>
    public string Held { get; set; } = "{}";

    public int Count { get; set; }
}

/// <summary>ReferralCases: which case a referral belongs to (PartitionKey = referralId, RowKey "case"), written before it is routed.</summary>
public sealed class ReferralCaseEntity : TableRow
{
    public string CaseId { get; set; } = string.Empty;
}

/// <summary>A row of a <see cref="DueReferralIndex"/>.</summary>
public sealed class DueReferralEntity : TableRow
{
    public string CaseId { get; set; } = string.Empty;

    public string ReferralId { get; set; } = string.Empty;
}

/// <summary>UnmetReferrals: unmet referrals by service (PartitionKey = serviceType, RowKey = referralId), routed again when a provider can take them.</summary>
public sealed class UnmetReferralEntity : TableRow
{
    public string CaseId { get; set; } = string.Empty;

    public string? Admin1 { get; set; }

    public string? Sex { get; set; }

    /// <summary>The survivor's age when the row was written: a provider's age range is checked again by the router itself.</summary>
    public int? Age { get; set; }

    public string? PreferredLanguage { get; set; }

    public string? ExcludedProviders { get; set; }

    /// <summary>What routing knows of this referral, to tell whether one provider could take it.</summary>
    public RoutingSubject Subject() => new(PartitionKey, Admin1, Sex, Age, PreferredLanguage, ReferralTransitions.ExcludedProviders(ExcludedProviders));
}

/// <summary>ProviderReferrals: a provider's referrals (PartitionKey = providerId, RowKey = inverted creation ticks + referralId, newest first).</summary>
public sealed class ProviderReferralEntity : TableRow, IVersionedRow
{
    public string CaseId { get; set; } = string.Empty;

    public int Version { get; set; }

    /// <summary>False once the provider declined it, let it expire, or it was cancelled: the row stays but is no longer listed.</summary>
    public bool Held { get; set; }

    public string ReferralId { get; set; } = string.Empty;

    public string ServiceType { get; set; } = string.Empty;

    public string Urgency { get; set; } = string.Empty;

    public string? Notes { get; set; }

    public string Status { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? RespondBy { get; set; }

    /// <summary>Set once completed: the list leaves it out when the provider's access after completion is over.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    public Referral ToReferral() => new(ReferralId, ServiceType, Urgency, Notes, Status, Held ? PartitionKey : null, CreatedAt, UpdatedAt, RespondBy);
}
