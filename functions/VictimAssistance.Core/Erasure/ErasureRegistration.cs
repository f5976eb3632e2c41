using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Erasure;

public static class ErasureRegistration
{
    public static IServiceCollection AddErasure(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<TombstoneStore>();
        services.AddSingleton<ErasedCopies>();
        services.AddSingleton<ErasureService>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<ErasedCopies>());

        // The erased case's list row loses its data and leaves the list.
        services.Configure<CaseListOptions>(options => options.EventTypes.Add(ErasureEvents.Erased.Name));
        return services;
    }
}
