using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Tests.Referrals;

public sealed class ReferralOptionsTests
{
    [Fact]
    public void Provider_access_after_completion_defaults_to_30_days()
    {
        Assert.Equal(TimeSpan.FromDays(30), Bind([]).ProviderAccessAfterCompletion);
    }

    [Theory]
    [InlineData("7.00:00:00", 7)]
    [InlineData("00:00:00", 0)]
    [InlineData("3650.00:00:00", 3650)]
    public void A_configured_period_is_used(string setting, int days)
    {
        Assert.Equal(TimeSpan.FromDays(days), Bind(new() { ["Referrals:ProviderAccessAfterCompletion"] = setting }).ProviderAccessAfterCompletion);
    }

    [Theory]
    [InlineData("-1.00:00:00")]
    [InlineData("3651.00:00:00")]
    public void A_negative_or_longer_than_ten_years_period_is_a_start_up_error(string setting)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Referrals:ProviderAccessAfterCompletion"] = setting }));

        Assert.Contains("Referrals:ProviderAccessAfterCompletion", error.Message, StringComparison.Ordinal);
    }

    private static ReferralOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddReferrals().BuildServiceProvider();
        services.GetServices<IStartupValidator>().ToList().ForEach(validator => validator.Validate());
        return services.GetRequiredService<IOptions<ReferralOptions>>().Value;
    }
}
