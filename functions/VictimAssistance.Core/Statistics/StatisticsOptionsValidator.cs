using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Statistics;

/// <summary>Refuses to start with a suppression threshold so low that small groups of survivors would be published.</summary>
public sealed class StatisticsOptionsValidator : IValidateOptions<StatisticsOptions>
{
    public ValidateOptionsResult Validate(string? name, StatisticsOptions options) =>
        options.SuppressionThreshold < StatisticsOptions.MinimumSuppressionThreshold
            ? ValidateOptionsResult.Fail($"Statistics:SuppressionThreshold must be at least {StatisticsOptions.MinimumSuppressionThreshold}.")
            : ValidateOptionsResult.Success;
}
