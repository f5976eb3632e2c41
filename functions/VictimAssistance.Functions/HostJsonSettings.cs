using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace VictimAssistance.Functions;

/// <summary>
/// host.json (linked into the app's output) under <c>AzureFunctionsJobHost</c>, below every other source, so the
/// worker reads the queue settings the host applies, and <c>AzureFunctionsJobHost__…</c> app settings still win.
/// </summary>
public static class HostJsonSettings
{
    public static void AddTo(IConfigurationBuilder configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "host.json");
        if (!File.Exists(path))
        {
            return;
        }

        var values = new ConfigurationBuilder().AddJsonFile(path).Build().AsEnumerable()
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create($"AzureFunctionsJobHost:{pair.Key}", pair.Value));
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = values.ToList() });
    }
}
