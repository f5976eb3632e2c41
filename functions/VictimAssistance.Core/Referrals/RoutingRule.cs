using VictimAssistance.Core.Providers;

namespace VictimAssistance.Core.Referrals;

/// <summary>What routing knows of one referral: its service, the survivor's area, sex, age and language, and who is excluded.</summary>
public sealed record RoutingSubject(string ServiceType, string? Admin1, string? Sex, int? Age, string? PreferredLanguage, IReadOnlySet<string> Excluded);

/// <summary>A provider of the directory and how many referrals it holds (offered + accepted), not counting this one.</summary>
public sealed record RoutingCandidate(Provider Provider, int Held);

/// <summary>
/// The routing rule of the contract, pure. A provider is eligible when it is active, offers the service, covers the
/// survivor's admin1, admits the survivor's sex and age (an unknown age is admitted by every age range), has a free
/// slot and has not declined or let this referral expire. Eligible providers are ranked: speaking the survivor's
/// preferred language (by primary subtag, case-insensitive) first, then the lowest load (held ÷ capacity), then the
/// smallest providerId.
/// </summary>
public static class RoutingRule
{
    public static bool IsEligible(RoutingSubject subject, RoutingCandidate candidate)
    {
        var provider = candidate.Provider;
        var eligibility = provider.Eligibility;
        return provider.Active
            && provider.Services.Contains(subject.ServiceType, StringComparer.Ordinal)
            && subject.Admin1 is not null
            && (provider.Coverage.Admin1 ?? []).Contains(subject.Admin1, StringComparer.OrdinalIgnoreCase)
            && subject.Sex is not null
            && (eligibility.Sexes ?? []).Contains(subject.Sex, StringComparer.Ordinal)
            && (subject.Age is not { } age || (age >= (eligibility.MinAge ?? 0) && age <= (eligibility.MaxAge ?? int.MaxValue)))
            && candidate.Held < provider.Capacity
            && !subject.Excluded.Contains(provider.ProviderId);
    }

    /// <summary>The eligible providers, best first; empty when the referral is unmet.</summary>
    public static IReadOnlyList<RoutingCandidate> Rank(RoutingSubject subject, IEnumerable<RoutingCandidate> candidates)
    {
        var eligible = candidates.Where(candidate => IsEligible(subject, candidate)).ToList();
        eligible.Sort((left, right) => Compare(subject, left, right));
        return eligible;
    }

    private static int Compare(RoutingSubject subject, RoutingCandidate left, RoutingCandidate right)
    {
        var language = SpeaksPreferredLanguage(subject, right.Provider).CompareTo(SpeaksPreferredLanguage(subject, left.Provider));
        if (language != 0)
        {
            return language;
        }

        // held ÷ capacity compared exactly, without division (capacity is at least 1 for an eligible provider)
        var load = ((long)left.Held * right.Provider.Capacity).CompareTo((long)right.Held * left.Provider.Capacity);
        return load != 0 ? load : string.CompareOrdinal(left.Provider.ProviderId, right.Provider.ProviderId);
    }

    private static bool SpeaksPreferredLanguage(RoutingSubject subject, Provider provider) =>
        subject.PreferredLanguage is { } preferred
        && provider.Languages.Any(language => string.Equals(PrimarySubtag(language), PrimarySubtag(preferred), StringComparison.OrdinalIgnoreCase));

    private static string PrimarySubtag(string language) => language.Split('-')[0];
}
