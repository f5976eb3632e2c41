using System.Net;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>Locations name areas of the configured gazetteer (built in: ISO 3166-2:AZ), so nothing else reaches lists, routing or the CSV.</summary>
public sealed class GazetteerTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Theory]
    [InlineData("-1-1")]
    [InlineData("-SUM")]
    [InlineData("AZ-XYZ")]
    public async Task A_case_whose_admin1_is_not_in_the_gazetteer_is_refused_and_nothing_is_stored(string admin1)
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-gazetteer");
        var registration = CaseSamples.Registration();
        registration["survivor"]!["location"]!["admin1"] = admin1;

        using var response = await caseworker.RegisterAsync(registration, idempotencyKey: $"gazetteer-{admin1}");

        var problem = await response.AssertValidationProblemAsync("survivor.location.admin1");
        Assert.DoesNotContain(admin1, problem.ToJsonString(), StringComparison.Ordinal);
        using var list = await caseworker.GetAsync("/api/cases");
        Assert.Empty((await list.ReadObjectAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_provider_covering_an_area_outside_the_gazetteer_is_refused()
    {
        using var admin = host.ClientFor(Roles.Admin);

        using var response = await admin.PutProviderAsync("gazetteer-provider", ProviderSamples.Provider(admin1: ["AZ-AGM", "-SUM"]));

        var problem = await response.AssertValidationProblemAsync("coverage.admin1[1]");
        Assert.False(problem["errors"]!.AsObject().ContainsKey("coverage.admin1[0]"));
    }

    [Fact]
    public async Task A_change_that_moves_the_survivor_outside_the_gazetteer_is_refused()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-gazetteer-patch");
        using var created = await caseworker.RegisterAsync(CaseSamples.Registration(referralConsent: false));
        var caseId = (string)(await created.ReadObjectAsync())["caseId"]!;

        using var patched = await caseworker.PatchAsync(
            caseId, created.Headers.ETag!.Tag, new JsonObject { ["incident"] = new JsonObject { ["location"] = new JsonObject { ["admin1"] = "=1+1" } } });

        await patched.AssertValidationProblemAsync("incident.location.admin1");
    }
}

/// <summary>A deployment's own gazetteer (OCHA COD-AB p-codes, with admin2 for one area) replaces the built-in one.</summary>
public sealed class ConfiguredGazetteerTests(ConfiguredGazetteerTests.PcodeHost host) : IClassFixture<ConfiguredGazetteerTests.PcodeHost>
{
    [Fact]
    public async Task Its_codes_are_accepted_and_an_admin2_it_does_not_list_is_refused()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-pcodes");

        using var accepted = await caseworker.RegisterAsync(Located("AZ01", "AZ0101"));
        using var wrongAdmin2 = await caseworker.RegisterAsync(Located("AZ01", "AZ0201"));
        using var iso = await caseworker.RegisterAsync(Located("AZ-AGM", null));

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await wrongAdmin2.AssertValidationProblemAsync("survivor.location.admin2");
        await iso.AssertValidationProblemAsync("survivor.location.admin1");
    }

    private static JsonObject Located(string admin1, string? admin2)
    {
        var registration = CaseSamples.Registration(referralConsent: false);
        registration["survivor"]!["location"] = new JsonObject { ["admin1"] = admin1, ["admin2"] = admin2 };
        registration["incident"]!["location"] = null;
        return registration;
    }

    public sealed class PcodeHost : LocalHostFixture
    {
        private readonly string file = Path.Combine(Path.GetTempPath(), $"gazetteer-{Guid.NewGuid():N}.json");

        public override Task InitializeAsync()
        {
            File.WriteAllText(file, """
                { "name": "COD-AB AZE (test)", "admin1": [
                  { "code": "AZ01", "name": "Absheron-Khizi", "admin2": [{ "code": "AZ0101", "name": "Absheron" }, { "code": "AZ0102", "name": "Khizi" }] },
                  { "code": "AZ02", "name": "Baku", "admin2": [{ "code": "AZ0201", "name": "Binagadi" }] } ] }
                """);
            return base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            File.Delete(file);
        }

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Gazetteer:Path"] = file;
            return settings;
        }
    }
}
