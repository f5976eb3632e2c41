using System.Globalization;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// How long a test waits for something that must happen: a guard against hanging forever, never a measure of
/// speed, so long that a loaded machine of two shared cores does not reach it. Five minutes, times
/// <c>VA_TEST_PATIENCE</c> when that is set (a slower machine, or 0.1 to find a hang sooner).
/// </summary>
public static class Patience
{
    public const string FactorVariable = "VA_TEST_PATIENCE";

    public static TimeSpan Bound { get; } = TimeSpan.FromMinutes(5) * Factor();

    /// <summary>Waits for the task, failing the test after <see cref="Bound"/> with what it waited for.</summary>
    public static async Task WaitAsync(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"Gave up after {Bound} waiting for {what}.");
        }
    }

    private static double Factor() =>
        double.TryParse(Environment.GetEnvironmentVariable(FactorVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0
            ? factor
            : 1;
}
