using Microsoft.Extensions.DependencyInjection;

namespace VictimAssistance.Core.Providers;

public static class ProvidersRegistration
{
    public static IServiceCollection AddProviders(this IServiceCollection services)
    {
        services.AddSingleton<ProviderDirectory>();
        services.AddSingleton<ProviderService>();
        return services;
    }
}
