using Microsoft.Extensions.Options;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Tests.Foundation;

namespace VictimAssistance.Tests.Erasure;

public sealed class RetentionOptionsTests
{
    [Fact]
    public void Closed_cases_are_kept_seven_years_by_default()
    {
        Assert.Equal(7, Bind([]).ClosedCaseYears);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100")]
    public void Zero_turns_retention_off_and_up_to_a_century_is_accepted(string years)
    {
        Assert.Equal(int.Parse(years, System.Globalization.CultureInfo.InvariantCulture), Bind(new() { ["Retention:ClosedCaseYears"] = years }).ClosedCaseYears);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("101")]
    public void A_negative_or_absurd_period_is_a_start_up_error(string years)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Retention:ClosedCaseYears"] = years }));

        Assert.Contains("Retention:ClosedCaseYears", error.Message, StringComparison.Ordinal);
    }

    private static RetentionOptions Bind(Dictionary<string, string?> settings) => StartupOptions.Bind<RetentionOptions>(services => services.AddErasure(), settings);
}
