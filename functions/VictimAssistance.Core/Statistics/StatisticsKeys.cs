namespace VictimAssistance.Core.Statistics;

/// <summary>The names of the counts a case contributes (see <see cref="CaseProjection"/>) and the vocabularies of the breakdowns.</summary>
public static class StatisticsKeys
{
    public const string Cases = "cases";
    public const string Referrals = "referrals";
    public const string Sex = "sex/";
    public const string AgeGroup = "ageGroup/";
    public const string Disability = "disability/";
    public const string DeviceType = "deviceType/";
    public const string CivilianStatus = "civilianStatus/";
    public const string VictimType = "victimType/";
    public const string Status = "status/";
    public const string ReferralStatus = "referral/";
    public const string HoursToAccept = "hoursToAccept/";
    public const string DaysToComplete = "daysToComplete/";
    public const string SexByAgeGroup = "sexAgeGroup/";
    public const string SexByDisability = "sexDisability/";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> AgeGroups = ["0-4", "5-11", "12-17", "18-59", "60+", Unknown];
    public static readonly IReadOnlyList<string> DisabilityValues = ["disability", "no_disability", Unknown];

    /// <summary>The count of cases of one sex and one value of another breakdown (age group, disability).</summary>
    public static string Crossed(string prefix, string sex, string value) => $"{prefix}{sex}/{value}";

    /// <summary>The count of referrals of a service type in a status.</summary>
    public static string Referral(string serviceType, string status) => $"{ReferralStatus}{serviceType}/{status}";
}
