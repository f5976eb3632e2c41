using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Erasure;

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

    private static RetentionOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddErasure().BuildServiceProvider();
        services.GetServices<IStartupValidator>().ToList().ForEach(validator => validator.Validate());
        return services.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }
}
