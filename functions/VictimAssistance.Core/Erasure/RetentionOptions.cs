using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Erasure;

/// <summary>Retention settings, bound from <c>Retention:*</c>.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    public const int MaxClosedCaseYears = 100;

    /// <summary>
    /// Whole years after closing that a closed case is erased; 0 keeps closed cases for ever. The default, 7 years,
    /// is a common retention period of data-protection policies; each deployment decides its own.
    /// </summary>
    public int ClosedCaseYears { get; set; } = 7;
}

/// <summary>Refuses to start with a retention period that is negative or absurdly long (a typo in days, not years).</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        options.ClosedCaseYears is < 0 or > RetentionOptions.MaxClosedCaseYears
            ? ValidateOptionsResult.Fail($"Retention:ClosedCaseYears must be from 0 (off) to {RetentionOptions.MaxClosedCaseYears}.")
            : ValidateOptionsResult.Success;
}
