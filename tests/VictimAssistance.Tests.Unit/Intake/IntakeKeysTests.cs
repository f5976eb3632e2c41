using Microsoft.Extensions.Options;
using VictimAssistance.Core.Intake;

namespace VictimAssistance.Tests.Intake;

public sealed class IntakeKeysTests
{
    private const string FirstKey = "first-intake-key-0123456789abcdef-0123";
    private const string SecondKey = "second-intake-key-0123456789abcdef-012";

    private static readonly IntakeKeys Keys = new(Options.Create(Configured()));

    [Fact]
    public void Each_configured_key_finds_its_own_organisation()
    {
        Assert.Equal(("org-a", "org-b"), (Keys.OrganizationOf(FirstKey), Keys.OrganizationOf(SecondKey)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("first-intake-key-0123456789abcdef-012")]
    [InlineData("first-intake-key-0123456789abcdef-01234")]
    [InlineData("FIRST-INTAKE-KEY-0123456789ABCDEF-0123")]
    public void A_missing_or_unknown_key_finds_no_organisation(string? key)
    {
        Assert.Null(Keys.OrganizationOf(key));
    }

    private static IntakeOptions Configured()
    {
        var options = new IntakeOptions();
        options.Keys.Add(new IntakeKey { Key = FirstKey, Organization = "org-a" });
        options.Keys.Add(new IntakeKey { Key = SecondKey, Organization = "org-b" });
        return options;
    }
}
