namespace VictimAssistance.Core.Cases;

public static class Vocabularies
{
    public static readonly IReadOnlyList<string> Sex = ["female", "male", "unknown"];
    public static readonly IReadOnlyList<string> VictimType = ["survivor", "indirect_victim"];
    public static readonly IReadOnlyList<string> DeviceType =
    [
        "antipersonnel_mine", "antivehicle_mine", "improvised_explosive_device", "cluster_munition_remnant",
        "unexploded_ordnance", "abandoned_explosive_ordnance", "other", "unknown",
    ];

    public static readonly IReadOnlyList<string> ServiceType = ["medical", "rehabilitation", "psychosocial", "livelihood", "education", "legal"];
    public static readonly IReadOnlyList<string> Urgency = ["routine", "priority", "emergency"];
    public static readonly IReadOnlyList<string> CaseStatus = [CaseStatuses.Open, CaseStatuses.Closed];
    public static readonly IReadOnlyList<string> CivilianStatus = ["civilian", "military", "deminer", "unknown"];
    public static readonly IReadOnlyList<string> LegalBasis = ["consent", "vital_interest", "public_interest", "legitimate_interest"];
    public static readonly IReadOnlyList<string> ConsentGivenBy = ["survivor", "guardian", "representative"];
}

public static class CaseStatuses
{
    public const string Open = "open";
    public const string Closed = "closed";
}
