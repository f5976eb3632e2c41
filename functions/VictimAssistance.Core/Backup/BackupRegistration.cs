using Microsoft.Extensions.DependencyInjection;

namespace VictimAssistance.Core.Backup;

public static class BackupRegistration
{
    public static IServiceCollection AddBackup(this IServiceCollection services) => services.AddSingleton<CaseTablesBackup>();
}
