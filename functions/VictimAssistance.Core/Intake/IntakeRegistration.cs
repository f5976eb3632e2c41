using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Intake;

public static class IntakeRegistration
{
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();
        services.AddSingleton<IntakeKeys>();
        services.AddSingleton<IntakeService>();
        services.AddSingleton<HeldSubmissionStore>();
        services.AddSingleton<HeldSubmissionService>();
        return services;
    }
}
