namespace VictimAssistance.Benchmarks;

/// <summary>
/// One measured value. <see cref="Baseline"/> is the same quantity for the raw storage work measured in the same
/// run; <see cref="Goal"/> is the ratio (or, without a baseline, the value) the design aims for.
/// </summary>
public sealed record Figure(string Benchmark, string Measure, double Value, string Unit, double? Baseline = null, double? Goal = null)
{
    public double? Ratio => Baseline is > 0 ? Value / Baseline : null;

    /// <summary>Whether the goal is met; null without a goal. Lower is better for every figure with a goal.</summary>
    public bool? MeetsGoal => Goal is { } goal ? (Ratio ?? Value) <= goal : null;
}
