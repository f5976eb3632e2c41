namespace VictimAssistance.Core.Storage;

public static class TableNames
{
    public const string Cases = "Cases";
    public const string CasesByOrganization = "CasesByOrganization";
    public const string Providers = "Providers";
    public const string ProviderLoads = "ProviderLoads";
    public const string ProviderReferrals = "ProviderReferrals";
    public const string ReferralCases = "ReferralCases";
    public const string OpenOffers = "OpenOffers";
    public const string CompletedReferrals = "CompletedReferrals";
    public const string UnmetReferrals = "UnmetReferrals";
    public const string StatisticsAggregates = "StatisticsAggregates";
    public const string StatisticsOrganizations = "StatisticsOrganizations";
    public const string NotificationDeliveries = "NotificationDeliveries";
    public const string HeldSubmissions = "HeldSubmissions";
    public const string IntakeCursors = "IntakeCursors";
    public const string AccessLog = "AccessLog";

    /// <summary>The erasure list: backed up apart from the data, and never replaced by a restore of older data.</summary>
    public const string Tombstones = "Tombstones";

    /// <summary>The tables a backup exports and a restore brings back (every table but the erasure list).</summary>
    public static readonly IReadOnlyList<string> Data =
    [
        Cases, CasesByOrganization, Providers, ProviderLoads, ProviderReferrals, ReferralCases, OpenOffers, CompletedReferrals, UnmetReferrals, StatisticsAggregates,
        StatisticsOrganizations, NotificationDeliveries, HeldSubmissions, IntakeCursors, AccessLog,
    ];

    public static readonly IReadOnlyList<string> All = [.. Data, Tombstones];
}

public static class QueueNames
{
    public const string CaseOutbox = "case-outbox";
    public const string RouteReferral = "route-referral";
    public const string NotifyProvider = "notify-provider";
    public const string ProviderChanged = "provider-changed";
    public const string AccessLog = "access-log";

    public static readonly IReadOnlyList<string> All = [CaseOutbox, RouteReferral, NotifyProvider, ProviderChanged, AccessLog];

    public static string Poison(string queueName) => queueName + "-poison";
}
