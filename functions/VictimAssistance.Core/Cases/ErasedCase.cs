using System.Globalization;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>What every read of an erased case answers, to those who may see the case: 410 with its tombstone.</summary>
public static class ErasedCase
{
    public static Problem Gone(CaseHeadEntity head) => new(ProblemKind.Gone, "Case erased", "This case's personal data was erased; only its tombstone remains.")
    {
        Members = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["caseId"] = head.PartitionKey,
            ["erasedAt"] = head.ErasedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["erasedBy"] = head.ErasedBy ?? string.Empty,
            ["reason"] = head.ErasureReason ?? string.Empty,
        },
    };
}
