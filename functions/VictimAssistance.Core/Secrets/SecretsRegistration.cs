using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Secrets;

public static class SecretsRegistration
{
    public static IServiceCollection AddSecrets(this IServiceCollection services)
    {
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>();
        services.AddSingleton<SecretCipher>();
        return services;
    }
}
