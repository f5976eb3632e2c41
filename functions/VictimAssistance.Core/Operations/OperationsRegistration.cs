using Microsoft.Extensions.DependencyInjection;

namespace VictimAssistance.Core.Operations;

public static class OperationsRegistration
{
    public static IServiceCollection AddOperations(this IServiceCollection services) => services.AddSingleton<PoisonQueues>();
}
