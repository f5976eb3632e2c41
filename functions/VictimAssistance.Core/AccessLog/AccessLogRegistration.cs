using Microsoft.Extensions.DependencyInjection;

namespace VictimAssistance.Core.AccessLog;

public static class AccessLogRegistration
{
    public static IServiceCollection AddAccessLog(this IServiceCollection services) =>
        services.AddSingleton<AccessRecorder>().AddSingleton<AccessLogWriter>().AddSingleton<AccessLogService>();
}
