using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

public static class LogAssertions
{
    /// <summary>
    /// The logs hold no personal value of the seed survivor, no webhook secret, no signing key and no bearer token.
    /// </summary>
    public static void AssertNoPersonalDataOrSecrets(CapturedLogs logs)
    {
        Assert.NotEmpty(logs.Lines);
        AssertNoPersonalDataOrSecrets(logs.All, "logs");
    }

    /// <summary>The same check on any text the app emitted (telemetry, messages).</summary>
    public static void AssertNoPersonalDataOrSecrets(string emitted, string what)
    {
        // A JWT's encoded header always starts with "eyJ".
        string[] forbidden = [.. CaseSamples.PersonalValues, ProviderSamples.Secret["whsec_".Length..], LocalHostFixture.SigningKey, "eyJ"];
        foreach (var value in forbidden)
        {
            Assert.False(emitted.Contains(value, StringComparison.OrdinalIgnoreCase), $"The {what} contain forbidden value #{Array.IndexOf(forbidden, value)} of the list.");
        }
    }
}
