using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions;

public static class ServiceRegistration
{
    /// <summary>Every service the function classes need; shared by the Functions host and the LocalHost.</summary>
    public static IServiceCollection AddVictimAssistance(this IServiceCollection services)
    {
        services.AddVictimAssistanceCore();
        services.AddSingleton<HttpApi>();
        return services;
    }
}
