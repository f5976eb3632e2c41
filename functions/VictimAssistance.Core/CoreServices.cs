using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Operations;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core;

public static class CoreServices
{
    public static IServiceCollection AddVictimAssistanceCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(HostingEnvironmentInfo.FromEnvironment());

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<TokenAuthenticator>();

        services.AddIntake();

        services.AddSingleton(provider => StorageAccountSettings.FromConfiguration(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton(provider => new ConflictRetry(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IConfiguration>().GetValue(ConflictRetry.DeadlineSetting, ConflictRetry.DefaultDeadline)));
        services.AddSingleton<VersionedRows>();
        services.AddHostedService<StorageInitializer>();

        services.AddCases();
        services.AddSingleton<ProviderDirectory>();
        services.AddSingleton<ProviderService>();
        services.AddReferrals();
        services.AddNotifications();
        services.AddOperations();
        services.AddStatistics();
        services.AddErasure();
        return services;
    }
}
