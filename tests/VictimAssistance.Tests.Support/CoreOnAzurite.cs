using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VictimAssistance.Core;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// The Core services on a real Azurite with no host around them: nothing polls the queues, so a test decides when
/// and how often each message is processed.
/// </summary>
public static class CoreOnAzurite
{
    /// <summary>Starts the Core with its storage and any further <paramref name="settings"/> (configuration keys and values).</summary>
    public static async Task<ServiceProvider> StartAsync(string connectionString, Action<IServiceCollection>? customize = null, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DevelopmentSettings.Values())
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,

                // No web server: the address the LocalHost would listen on, so the Core runs in local development mode.
                ["urls"] = "http://127.0.0.1:0",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddVictimAssistanceCore();
        customize?.Invoke(collection);
        var services = collection.BuildServiceProvider();
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return services;
    }
}
