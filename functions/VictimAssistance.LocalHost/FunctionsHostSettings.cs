namespace VictimAssistance.LocalHost;

/// <summary>
/// Configuration as the Functions host builds it: local.settings.json <c>Values</c> (created from the sample on
/// first run) and host.json under <c>AzureFunctionsJobHost</c>, both overridden by environment variables and the
/// command line (<c>__</c> stands for <c>:</c>).
/// </summary>
public static class FunctionsHostSettings
{
    public const string HostPrefix = "AzureFunctionsJobHost";

    public static void AddTo(ConfigurationManager configuration, string repositoryRoot)
    {
        var localSettings = Path.Combine(repositoryRoot, "local.settings.json");
        if (!File.Exists(localSettings))
        {
            File.Copy(Path.Combine(repositoryRoot, "local.settings.sample.json"), localSettings);
        }

        var values = new ConfigurationBuilder().AddJsonFile(localSettings).Build().GetSection("Values").AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value));
        var host = new ConfigurationBuilder().AddJsonFile(Path.Combine(repositoryRoot, "host.json")).Build().AsEnumerable()
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create($"{HostPrefix}:{pair.Key}", pair.Value));

        // Lowest precedence: everything the builder already has (environment, command line) overrides these.
        var sources = (IList<IConfigurationSource>)((IConfigurationBuilder)configuration).Sources;
        sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values.Concat(host).ToList() });
    }
}
