using Microsoft.Extensions.Options;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Tests.Foundation;

namespace VictimAssistance.Tests.Statistics;

public sealed class StatisticsOptionsTests
{
    [Fact]
    public void The_threshold_defaults_to_5()
    {
        Assert.Equal(5, Bind([]).SuppressionThreshold);
    }

    [Fact]
    public void A_configured_threshold_is_used()
    {
        Assert.Equal(10, Bind(new() { ["Statistics:SuppressionThreshold"] = "10" }).SuppressionThreshold);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    [InlineData("-5")]
    public void A_threshold_below_3_is_a_start_up_error(string threshold)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Statistics:SuppressionThreshold"] = threshold }));

        Assert.Contains("Statistics:SuppressionThreshold", error.Message, StringComparison.Ordinal);
    }

    private static StatisticsOptions Bind(Dictionary<string, string?> settings) => StartupOptions.Bind<StatisticsOptions>(services => services.AddStatistics(), settings);
}
