using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Locations;

/// <summary><c>Gazetteer:Path</c>: the deployment's gazetteer file (absolute, or relative to the app); none: ISO 3166-2:AZ.</summary>
public sealed class GazetteerOptions
{
    public const string SectionName = "Gazetteer";

    public string? Path { get; init; }
}

public static class GazetteerRegistration
{
    /// <summary>The gazetteer, read once at start: a file that cannot be used stops start-up with why.</summary>
    public static IServiceCollection AddGazetteer(this IServiceCollection services)
    {
        services.AddOptions<GazetteerOptions>().BindConfiguration(GazetteerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GazetteerOptions>, GazetteerOptionsValidator>();
        services.AddSingleton(provider => Gazetteer.Load(provider.GetRequiredService<IOptions<GazetteerOptions>>().Value.Path));
        return services;
    }

    private sealed class GazetteerOptionsValidator : IValidateOptions<GazetteerOptions>
    {
        public ValidateOptionsResult Validate(string? name, GazetteerOptions options)
        {
            try
            {
                Gazetteer.Load(options.Path);
                return ValidateOptionsResult.Success;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return ValidateOptionsResult.Fail($"Gazetteer:Path: the file cannot be read ({exception.GetType().Name}).");
            }
            catch (InvalidDataException exception)
            {
                return ValidateOptionsResult.Fail($"Gazetteer:Path: {exception.Message}");
            }
        }
    }
}
