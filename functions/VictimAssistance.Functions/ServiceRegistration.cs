using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Functions.Http;
using VictimAssistance.Functions.Telemetry;

namespace VictimAssistance.Functions;

public static class ServiceRegistration
{
    /// <summary>Every service the function classes need; shared by the Functions host and the LocalHost.</summary>
    public static IServiceCollection AddVictimAssistance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddVictimAssistanceCore();
        services.AddVictimAssistanceTelemetry(configuration);
        services.AddSingleton<HttpApi>();
        services.AddVictimAssistanceCompression();
        services.AddVictimAssistanceResponseHeaders();
        return services;
    }
}
