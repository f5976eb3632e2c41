namespace VictimAssistance.Core.Statistics;

/// <summary>Statistics settings, bound from <c>Statistics:*</c>.</summary>
public sealed class StatisticsOptions
{
    public const string SectionName = "Statistics";

    /// <summary>Below this, a suppressed cell could be recovered from very few others: a start-up error.</summary>
    public const int MinimumSuppressionThreshold = 3;

    /// <summary>A breakdown cell with a count from 1 to this value − 1 is published as null.</summary>
    public int SuppressionThreshold { get; set; } = 5;
}
