using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Referrals;

/// <summary>Referral settings bound from <c>Referrals:*</c> (the response windows are read per urgency by <see cref="ResponseWindows"/>).</summary>
public sealed class ReferralOptions
{
    public const string SectionName = "Referrals";

    /// <summary>The longest period a deployment may set: ten years.</summary>
    public static readonly TimeSpan MaximumProviderAccessAfterCompletion = TimeSpan.FromDays(3650);

    /// <summary>How long the provider that completed a referral may still read it.</summary>
    public TimeSpan ProviderAccessAfterCompletion { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Refuses to start with a negative or unbounded period of provider access after completion.</summary>
public sealed class ReferralOptionsValidator : IValidateOptions<ReferralOptions>
{
    public ValidateOptionsResult Validate(string? name, ReferralOptions options) =>
        options.ProviderAccessAfterCompletion < TimeSpan.Zero || options.ProviderAccessAfterCompletion > ReferralOptions.MaximumProviderAccessAfterCompletion
            ? ValidateOptionsResult.Fail($"Referrals:ProviderAccessAfterCompletion must be from 00:00:00 to {ReferralOptions.MaximumProviderAccessAfterCompletion.Days} days.")
            : ValidateOptionsResult.Success;
}
