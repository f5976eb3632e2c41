using Microsoft.Extensions.DependencyInjection;

namespace VictimAssistance.Core.Cases;

public static class CasesRegistration
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddSingleton<CaseStore>();
        services.AddSingleton<CaseFollowUpHandlers>();
        services.AddSingleton<CaseWriter>();
        services.AddSingleton<CaseList>();
        services.AddOptions<CaseListOptions>();
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<CaseList>());
        services.AddSingleton<CaseService>();
        services.AddSingleton<CaseOutboxProcessor>();
        return services;
    }
}
