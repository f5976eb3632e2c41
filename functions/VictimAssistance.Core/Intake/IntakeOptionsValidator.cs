using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Intake;

/// <summary>
/// Refuses to start with an intake key that is short enough to guess, without an organisation, given twice,
/// or in the old shape <c>Intake:Keys:{key} = organisation</c> (which binding would skip silently).
/// </summary>
public sealed class IntakeOptionsValidator(IConfiguration configuration) : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();

        // The setting's name would be the secret, so the message never repeats it.
        if (configuration.GetSection($"{IntakeOptions.SectionName}:Keys").GetChildren().Any(child => child.Value is not null))
        {
            failures.Add("An Intake:Keys setting has the key in its name; set Intake:Keys:{n}:Key and Intake:Keys:{n}:Organization instead.");
        }

        for (var index = 0; index < options.Keys.Count; index++)
        {
            var entry = options.Keys[index];
            if (entry.Key.Length < IntakeOptions.MinimumKeyLength)
            {
                failures.Add($"Intake:Keys:{index}:Key must be at least {IntakeOptions.MinimumKeyLength} characters.");
            }

            if (string.IsNullOrWhiteSpace(entry.Organization))
            {
                failures.Add($"Intake:Keys:{index}:Organization is required.");
            }
        }

        if (options.Keys.Select(entry => entry.Key).Distinct(StringComparer.Ordinal).Count() != options.Keys.Count)
        {
            failures.Add("Intake:Keys holds the same key twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
