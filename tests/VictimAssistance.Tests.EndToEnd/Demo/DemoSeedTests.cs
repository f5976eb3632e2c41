using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Demo;

/// <summary>The --seed demo against the LocalHost on Azurite: seeds/ through the public API, ending with referrals offered.</summary>
public sealed class DemoSeedTests(IntakeHostFixture host) : IClassFixture<IntakeHostFixture>
{
    [Fact]
    public async Task Seeding_loads_every_provider_case_and_submission_and_the_consented_needs_end_offered_to_seeded_providers()
    {
        using var output = new StringWriter();

        var caseIds = await DemoSeed.RunAsync(host.App, output);

        var seeds = Path.Combine(RepositoryLayout.FindRoot(), "seeds");
        var sent = Directory.GetFiles(Path.Combine(seeds, "providers")).Length + Directory.GetFiles(Path.Combine(seeds, "cases")).Length + Directory.GetFiles(Path.Combine(seeds, "kobo")).Length;
        Assert.Equal(sent, output.ToString().Split('\n').Count(line => line.Contains(" -> 20", StringComparison.Ordinal)));
        Assert.Equal(Directory.GetFiles(Path.Combine(seeds, "cases")).Length + 2, caseIds.Count);
        using var admin = host.ClientFor(Roles.Admin);
        var referrals = await Eventually.GetAsync(
            async () => (await Task.WhenAll(caseIds.Select(id => admin.GetFromJsonAsync<JsonObject>($"/api/cases/{id}")))).SelectMany(view => view!["referrals"]!.AsArray()).ToList(),
            all => all.Count > 0 && all.All(referral => (string)referral!["status"]! is not "requested"),
            "every seeded referral routed");
        var rehabilitation = referrals.Where(referral => (string)referral!["serviceType"]! == "rehabilitation").ToList();
        Assert.NotEmpty(rehabilitation);
        Assert.All(rehabilitation, referral => Assert.Equal(("offered", "aghdam-rehabilitation-centre"), ((string)referral!["status"]!, (string?)referral["providerId"])));
        host.ThrowIfAFunctionFailed();
    }

    [Fact]
    public async Task Seeding_twice_registers_nothing_new()
    {
        var first = await DemoSeed.RunAsync(host.App, TextWriter.Null);

        var second = await DemoSeed.RunAsync(host.App, TextWriter.Null);

        Assert.Equal(first, second);
    }
}
