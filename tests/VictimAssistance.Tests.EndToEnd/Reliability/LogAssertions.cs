using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

public static class LogAssertions
{
    /// <summary>
    /// The logs hold no personal value of the seed survivor, no webhook secret, no signing key and no bearer token
    /// (a JWT's encoded header always starts with "eyJ").
    /// </summary>
    public static void AssertNoPersonalDataOrSecrets(CapturedLogs logs)
    {
        var all = logs.All;
        Assert.NotEmpty(logs.Lines);
        string[] forbidden = [.. CaseSamples.PersonalValues, ProviderSamples.Secret["whsec_".Length..], LocalHostFixture.SigningKey, "eyJ"];
        foreach (var value in forbidden)
        {
            Assert.False(all.Contains(value, StringComparison.OrdinalIgnoreCase), $"The logs contain a forbidden value ({value.Length} characters, starting '{value[..Math.Min(3, value.Length)]}').");
        }
    }
}
