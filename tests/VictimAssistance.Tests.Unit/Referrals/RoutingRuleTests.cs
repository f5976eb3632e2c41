using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Tests.Referrals;

/// <summary>The routing rule of API.md as a table: each row changes one thing about the directory or the survivor.</summary>
public sealed class RoutingRuleTests
{
    private static readonly RoutingSubject Survivor = new("rehabilitation", "AZ-AGM", "female", 36, "az", new HashSet<string>());

    public static TheoryData<string, RoutingSubject, RoutingCandidate[], string?> Cases() => new()
    {
        { "the only eligible provider", Survivor, [Candidate("alpha")], "alpha" },
        { "preferred language beats lower load", Survivor, [Candidate("alpha", held: 30, languages: ["az"]), Candidate("beta", held: 0, languages: ["ru"])], "alpha" },
        { "language matches on the primary subtag, any case", Survivor with { PreferredLanguage = "AZ-Latn" }, [Candidate("alpha", languages: ["ru"]), Candidate("beta", languages: ["az"])], "beta" },
        { "lowest load (held ÷ capacity) among speakers", Survivor, [Candidate("alpha", held: 5, capacity: 10), Candidate("beta", held: 6, capacity: 20)], "beta" },
        { "equal load ties on the smallest providerId", Survivor, [Candidate("beta", held: 1, capacity: 2), Candidate("alpha", held: 2, capacity: 4)], "alpha" },
        { "no preferred language: load decides", Survivor with { PreferredLanguage = null }, [Candidate("alpha", held: 3), Candidate("beta", held: 1, languages: [])], "beta" },
        { "inactive is not eligible", Survivor, [Candidate("alpha", active: false)], null },
        { "must offer the service", Survivor, [Candidate("alpha", services: ["medical"])], null },
        { "must cover the survivor's admin1", Survivor, [Candidate("alpha", admin1: ["AZ-TAR"])], null },
        { "coverage matches admin1 case-insensitively", Survivor with { Admin1 = "az-agm" }, [Candidate("alpha")], "alpha" },
        { "sex must be admitted", Survivor, [Candidate("alpha", sexes: ["male"]), Candidate("beta", sexes: ["female"])], "beta" },
        { "unknown sex must be listed to be admitted", Survivor with { Sex = "unknown" }, [Candidate("alpha", sexes: ["female", "male"])], null },
        { "too old for the age range", Survivor, [Candidate("alpha", maxAge: 17)], null },
        { "too young for the age range", Survivor with { Age = 12 }, [Candidate("alpha", minAge: 18), Candidate("beta", maxAge: 17)], "beta" },
        { "age bounds are inclusive", Survivor with { Age = 18 }, [Candidate("alpha", minAge: 18, maxAge: 18)], "alpha" },
        { "an unknown age is admitted by every range", Survivor with { Age = null }, [Candidate("alpha", minAge: 18, maxAge: 59)], "alpha" },
        { "a full provider is not eligible", Survivor, [Candidate("alpha", held: 10, capacity: 10), Candidate("beta", held: 9, capacity: 10, languages: ["ru"])], "beta" },
        { "capacity 0 takes none", Survivor, [Candidate("alpha", held: 0, capacity: 0)], null },
        { "a provider that declined or let it expire is excluded", Survivor with { Excluded = new HashSet<string> { "alpha" } }, [Candidate("alpha"), Candidate("beta", held: 39)], "beta" },
        { "everyone excluded is unmet", Survivor with { Excluded = new HashSet<string> { "alpha", "beta" } }, [Candidate("alpha"), Candidate("beta")], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Picks_the_best_eligible_provider(string rule, RoutingSubject subject, RoutingCandidate[] candidates, string? expected)
    {
        var ranked = RoutingRule.Rank(subject, candidates);

        var chosen = ranked.Count == 0 ? null : ranked[0].Provider.ProviderId;
        Assert.True(expected == chosen, $"{rule}: expected {expected ?? "unmet"}, got {chosen ?? "unmet"}");
    }

    [Fact]
    public void Ranks_every_eligible_provider_so_the_next_best_gets_it_when_the_best_fills_up()
    {
        var ranked = RoutingRule.Rank(Survivor, [Candidate("gamma", held: 1), Candidate("alpha", held: 2), Candidate("beta", held: 1), Candidate("full", held: 40)]);

        Assert.Equal(["beta", "gamma", "alpha"], ranked.Select(candidate => candidate.Provider.ProviderId));
    }

    private static RoutingCandidate Candidate(
        string providerId,
        int held = 0,
        int capacity = 40,
        string[]? languages = null,
        string[]? services = null,
        string[]? admin1 = null,
        string[]? sexes = null,
        int minAge = 0,
        int maxAge = 120,
        bool active = true) =>
        new(
            new Provider(
                providerId,
                providerId,
                active,
                services ?? ["rehabilitation", "medical"],
                new ProviderCoverage(admin1 ?? ["AZ-AGM"]),
                languages ?? ["az"],
                capacity,
                new ProviderEligibility(sexes ?? ["female", "male", "unknown"], minAge, maxAge),
                Webhook: null,
                Email: null,
                DateTimeOffset.UnixEpoch),
            held);
}
