using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;

namespace VictimAssistance.Core.Intake;

public static class IntakeRegistration
{
    /// <summary>The standard resilience handler's options for the pull (retries, timeouts), e.g. in tests.</summary>
    public const string ResilienceSectionName = "Intake:Kobo:Resilience";

    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();
        services.AddSingleton<IntakeKeys>();
        services.AddSingleton<IntakeService>();
        services.AddSingleton<HeldSubmissionStore>();
        services.AddSingleton<HeldSubmissionService>();
        services.AddSingleton<HeldSubmissionWatch>();
        services.AddSingleton<KoboCursors>();
        services.AddSingleton<KoboReconciliation>();

        // The pull's own log lines name ids only; the factory's would carry the URL and its query.
        services.AddHttpClient(KoboReconciliation.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            .Configure((options, provider) => provider.GetRequiredService<IConfiguration>().GetSection(ResilienceSectionName).Bind(options));
        return services;
    }
}
