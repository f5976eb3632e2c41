using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Backup;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Locations;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Operations;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Secrets;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core;

public static class CoreServices
{
    public static IServiceCollection AddVictimAssistanceCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => HostingEnvironmentInfo.FromConfiguration(provider.GetRequiredService<IConfiguration>()));
        services.AddSecrets();

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<TokenAuthenticator>();

        services.AddGazetteer();
        services.AddIntake();

        services.AddSingleton(provider => StorageAccountSettings.FromConfiguration(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<StorageClients>();
        services.AddSingleton<TransientFaultRequeue>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton(provider => new ConflictRetry(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IConfiguration>().GetValue(ConflictRetry.DeadlineSetting, ConflictRetry.DefaultDeadline)));
        services.AddSingleton<VersionedRows>();
        services.AddHostedService<StorageInitializer>();

        services.AddAccessLog();
        services.AddCases();
        services.AddSingleton<ProviderDirectory>();
        services.AddSingleton<ProviderService>();
        services.AddHostedService<ProviderSecretResealer>();
        services.AddReferrals();
        services.AddNotifications();
        services.AddOperations();
        services.AddStatistics();
        services.AddBackup();
        services.AddErasure();
        return services;
    }
}
