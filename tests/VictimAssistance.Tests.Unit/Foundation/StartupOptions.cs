using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace VictimAssistance.Tests.Foundation;

/// <summary>Options as a feature registers them, bound from the settings and validated as at start-up.</summary>
public static class StartupOptions
{
    public static T Bind<T>(Func<IServiceCollection, IServiceCollection> register, Dictionary<string, string?> settings)
        where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = register(new ServiceCollection().AddSingleton<IConfiguration>(configuration)).BuildServiceProvider();
        services.GetServices<IStartupValidator>().ToList().ForEach(validator => validator.Validate());
        return services.GetRequiredService<IOptions<T>>().Value;
    }
}
