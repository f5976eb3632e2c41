using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Statistics;

public static class StatisticsRegistration
{
    public static IServiceCollection AddStatistics(this IServiceCollection services)
    {
        services.AddOptions<StatisticsOptions>().BindConfiguration(StatisticsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StatisticsOptions>, StatisticsOptionsValidator>();
        services.AddSingleton<StatisticsStore>();
        services.AddSingleton<StatisticsProjector>();
        services.AddSingleton<StatisticsService>();
        services.AddSingleton<StatisticsRecount>();
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<StatisticsProjector>());
        return services;
    }
}
