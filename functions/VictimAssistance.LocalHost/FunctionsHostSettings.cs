using Microsoft.Extensions.Configuration.Memory;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Configuration as the Functions host builds it: local.settings.json <c>Values</c> (created from the sample on
/// first run; a value it lacks is taken from the sample) and host.json under <c>AzureFunctionsJobHost</c>, both overridden by environment variables and the
/// command line (<c>__</c> stands for <c>:</c>).
/// </summary>
public static class FunctionsHostSettings
{
    public const string HostPrefix = "AzureFunctionsJobHost";
    public const string LocalSettingsFileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    /// <param name="useLocalSettingsFile">False reads the sample itself and writes nothing.</param>
    public static void AddTo(ConfigurationManager configuration, string repositoryRoot, bool useLocalSettingsFile)
    {
        var sample = Path.Combine(repositoryRoot, SampleFileName);
        var localSettings = Path.Combine(repositoryRoot, LocalSettingsFileName);
        if (useLocalSettingsFile)
        {
            CreateFromSampleIfMissing(sample, localSettings);
        }

        // A setting the sample gained after local.settings.json was made is read from the sample, except the
        // credentials: a key removed from local.settings.json stays removed.
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in Values(sample).Where(pair => !useLocalSettingsFile || !IsCredential(pair.Key)))
        {
            values[pair.Key] = pair.Value;
        }

        if (useLocalSettingsFile)
        {
            foreach (var pair in Values(localSettings))
            {
                values[pair.Key] = pair.Value;
            }
        }

        var host = new ConfigurationBuilder().AddJsonFile(Path.Combine(repositoryRoot, "host.json")).Build().AsEnumerable()
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create($"{HostPrefix}:{pair.Key}", pair.Value));

        // Lowest precedence: everything the builder already has (environment, command line) overrides these.
        var sources = (IList<IConfigurationSource>)((IConfigurationBuilder)configuration).Sources;
        sources.Insert(0, new MemoryConfigurationSource { InitialData = values.Concat(host).ToList() });
    }

    private static IEnumerable<KeyValuePair<string, string?>> Values(string file) =>
        new ConfigurationBuilder().AddJsonFile(file).Build().GetSection("Values").AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value));

    private static bool IsCredential(string key) =>
        key.StartsWith("Auth:", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Intake:Keys:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Copies the sample to a temporary file beside the target and moves it into place without overwriting, so two
    /// LocalHosts starting together never see a half-written file; the one that loses the race uses the winner's.
    /// </summary>
    public static void CreateFromSampleIfMissing(string sample, string target)
    {
        if (File.Exists(target))
        {
            return;
        }

        var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
        File.Copy(sample, temporary);
        try
        {
            File.Move(temporary, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another LocalHost created it first.
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
