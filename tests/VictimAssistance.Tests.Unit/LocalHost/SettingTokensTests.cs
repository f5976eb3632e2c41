using Microsoft.Extensions.Configuration;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>%Setting% tokens are resolved anywhere in a schedule or queue name, as the host's ResolveWholeString does.</summary>
public sealed class SettingTokensTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Referrals:ExpirySchedule"] = "0 */5 * * * *", ["Minutes"] = "*/1", ["Env"] = "dev" })
        .Build();

    [Fact]
    public void A_token_that_is_the_whole_string_is_replaced_by_its_setting() =>
        Assert.Equal("0 */5 * * * *", SettingTokens.Resolve("%Referrals:ExpirySchedule%", Configuration));

    [Fact]
    public void A_token_inside_a_longer_string_is_replaced_and_the_text_around_it_kept() =>
        Assert.Equal("0 */1 * * * *", SettingTokens.Resolve("0 %Minutes% * * * *", Configuration));

    [Fact]
    public void Every_token_in_a_string_is_replaced() =>
        Assert.Equal("route-referral-dev-*/1", SettingTokens.Resolve("route-referral-%Env%-%Minutes%", Configuration));

    [Fact]
    public void Text_without_tokens_is_left_as_it_is() =>
        Assert.Equal("case-outbox", SettingTokens.Resolve("case-outbox", Configuration));

    [Fact]
    public void A_token_without_a_setting_stops_the_start_up_naming_the_setting()
    {
        var refused = Assert.Throws<LocalHostStartupException>(() => SettingTokens.Resolve("0 %Missing:Minutes% * * * *", Configuration));

        Assert.Contains("Missing:Minutes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_percent_sign_stops_the_start_up() =>
        Assert.Throws<LocalHostStartupException>(() => SettingTokens.Resolve("queue-%Env", Configuration));
}
