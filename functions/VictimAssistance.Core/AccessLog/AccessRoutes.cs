namespace VictimAssistance.Core.AccessLog;

/// <summary>The reads that are recorded in a case's access log, by the route template they were made on (never the path a client typed).</summary>
public static class AccessRoutes
{
    public const string Case = "GET /api/cases/{caseId}";
    public const string CaseHistory = "GET /api/cases/{caseId}/history";
    public const string CaseList = "GET /api/cases";
    public const string Referral = "GET /api/referrals/{referralId}";
    public const string ReferralList = "GET /api/referrals";
    public const string CaseAccessLog = "GET /api/cases/{caseId}/access-log";

    public static readonly IReadOnlyList<string> All = [Case, CaseHistory, CaseList, Referral, ReferralList, CaseAccessLog];
}
