using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Tests.Reliability;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Statistics;

/// <summary>
/// The attack of issue 22 and the coordinator's scope, over HTTP against a seeded database. Each seeded case is
/// written through the app's own <see cref="StatisticsStore.ApplyAsync"/> with a record key from a seeded
/// generator, so the published noise, and with it the test, is the same on every run.
/// </summary>
public sealed class StatisticsDisclosureTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string Month = "2026-10";

    private static readonly (string Dimension, string Prefix, IReadOnlyList<string> Values, Func<Survivor, string> Of)[] Breakdowns =
    [
        ("bySex", StatisticsKeys.Sex, Vocabularies.Sex, survivor => survivor.Sex),
        ("byAgeGroup", StatisticsKeys.AgeGroup, StatisticsKeys.AgeGroups, survivor => survivor.AgeGroup),
        ("byDisability", StatisticsKeys.Disability, StatisticsKeys.DisabilityValues, survivor => survivor.Disability),
        ("byDeviceType", StatisticsKeys.DeviceType, Vocabularies.DeviceType, survivor => survivor.Device),
        ("byCivilianStatus", StatisticsKeys.CivilianStatus, Vocabularies.CivilianStatus, survivor => survivor.Civilian),
        ("byStatus", StatisticsKeys.Status, Vocabularies.CaseStatus, survivor => survivor.Status),
    ];

    [Fact]
    public async Task The_single_survivor_probe_and_filtered_minus_unfiltered_leave_every_attribute_of_the_survivor_open()
    {
        const string Organization = "org-d";
        var random = new Random(22);
        var lone = new Survivor("female", "18-59", "disability", "antipersonnel_mine", "civilian", "open");
        var seeded = new List<Survivor>();
        for (var index = 0; index < 10; index++)
        {
            var survivor = new Survivor(
                index < 5 ? "female" : "male",
                index % 3 == 0 ? "60+" : "18-59",
                index % 2 == 0 ? "disability" : "no_disability",
                index % 4 == 0 ? "unexploded_ordnance" : "antipersonnel_mine",
                index % 5 == 0 ? "military" : "civilian",
                index % 3 == 1 ? "closed" : "open");
            seeded.Add(survivor);
            await SeedAsync(Organization, "AZ-AGM", survivor, random);
        }

        await SeedAsync(Organization, "AZ-TAR", lone, random);
        using var manager = host.ClientFor(Roles.Manager, Organization);

        var alone = (await manager.GetFromJsonAsync<JsonObject>("/api/statistics?admin1=AZ-TAR"))!;
        var all = (await manager.GetFromJsonAsync<JsonObject>("/api/statistics"))!;
        var rest = (await manager.GetFromJsonAsync<JsonObject>("/api/statistics?admin1=AZ-AGM"))!;
        var aloneCsv = await manager.GetStringAsync("/api/statistics/export?admin1=AZ-TAR");

        Assert.True((bool)alone["disclosure"]!["withheld"]!);
        Assert.Null(alone["cases"]!["total"]);
        Assert.All(Breakdowns, breakdown => Assert.All(alone["cases"]![breakdown.Dimension]!.AsObject(), cell => Assert.Null(cell.Value)));
        Assert.All(aloneCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1), row => Assert.EndsWith(",,withheld", row, StringComparison.Ordinal));
        var total = ((long)rest["cases"]!["total"]!, (long)all["cases"]!["total"]!);
        Assert.True(Consistent(total, 0), "the totals should not prove that anyone lives outside AZ-AGM");
        Assert.True(Consistent(total, 1));
        var perturbed = 0;
        foreach (var (dimension, prefix, values, of) in Breakdowns)
        {
            var published = values.ToDictionary(value => value, value => ((long)rest["cases"]![dimension]![value]!, (long)all["cases"]![dimension]![value]!));
            foreach (var (value, (agm, everyone)) in published)
            {
                var inAgm = seeded.Count(survivor => of(survivor) == value);
                Assert.InRange(agm, inAgm - CellKeyPerturbation.MaxPerturbation, inAgm + CellKeyPerturbation.MaxPerturbation);
                perturbed += (agm != inAgm ? 1 : 0) + (everyone != inAgm + (of(lone) == value ? 1 : 0) ? 1 : 0);
            }

            var possible = values.Where(value => PossibleValue(published, total, value)).ToList();

            Assert.Contains(of(lone), possible);
            Assert.True(possible.Count > 1, $"{dimension}: the published answers single out the survivor's {prefix.TrimEnd('/')} ({of(lone)})");
        }

        Assert.True(perturbed > 0, "the published counts should carry noise");

        host.ThrowIfAFunctionFailed();
    }

    [Fact]
    public async Task The_coordinator_counts_every_organisation_as_one_population_and_may_narrow_to_one()
    {
        var random = new Random(5);
        var survivor = new Survivor("male", "18-59", "no_disability", "antivehicle_mine", "civilian", "open");
        for (var index = 0; index < 9; index++)
        {
            await SeedAsync("org-coord-a", "AZ-SAH", survivor, random);
            await SeedAsync("org-coord-b", "AZ-SAK", survivor, random);
        }

        using var coordinator = host.ClientFor(Roles.Coordinator);

        var all = (await coordinator.GetFromJsonAsync<JsonObject>("/api/statistics"))!;
        var one = (await coordinator.GetFromJsonAsync<JsonObject>("/api/statistics?organization=org-coord-a"))!;
        using var export = await coordinator.GetAsync("/api/statistics/export?organization=org-coord-b&hxl=true");

        Assert.Null((string?)all["filters"]!["organization"]);
        Assert.Contains("AZ-SAH", all["cases"]!["byAdmin1"]!.AsObject().Select(area => area.Key));
        Assert.Contains("AZ-SAK", all["cases"]!["byAdmin1"]!.AsObject().Select(area => area.Key));
        Assert.Equal("org-coord-a", (string?)one["filters"]!["organization"]);
        Assert.Equal(["AZ-SAH"], one["cases"]!["byAdmin1"]!.AsObject().Select(area => area.Key));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("AZ-SAK", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_coordinator_is_refused_every_case_referral_and_provider_route()
    {
        var ids = new RouteIds(CaseIds.New(), "00000000000000000000000000000000", "coordinator-provider", "org-coordinator");
        var recordRoutes = ApiRoutes.All(ids)
            .Where(route => route.Path.StartsWith("/api/cases", StringComparison.Ordinal) || route.Path.StartsWith("/api/referrals", StringComparison.Ordinal) || route.Path.StartsWith("/api/providers", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(17, recordRoutes.Count);
        foreach (var route in recordRoutes)
        {
            using var request = route.ToMessage(ids);
            request.Headers.Authorization = new("Bearer", LocalHostFixture.Token(Roles.Coordinator));
            using var response = await host.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route.Method} {route.Path} answered {(int)response.StatusCode} to the coordinator");
        }
    }

    /// <summary>
    /// Whether the published answers allow the survivor (the one case outside AZ-AGM) to have <paramref name="value"/>:
    /// some true AZ-AGM counts t of the breakdown, adding up to a true AZ-AGM total T, can be published as the
    /// AZ-AGM answers while t plus the survivor (and T + 1) can be published as the unfiltered ones.
    /// </summary>
    private static bool PossibleValue(Dictionary<string, (long Agm, long All)> published, (long Agm, long All) total, string value)
    {
        var sums = new HashSet<long> { 0 };
        foreach (var (key, (rest, all)) in published)
        {
            var survivor = key == value ? 1 : 0;
            var counts = Candidates(rest).Where(count => CellKeyPerturbation.CanPublish(count + survivor, all)).ToList();
            sums = sums.SelectMany(sum => counts.Select(count => sum + count)).ToHashSet();
        }

        return sums.Any(sum => CellKeyPerturbation.CanPublish(sum, total.Agm) && CellKeyPerturbation.CanPublish(sum + 1, total.All));
    }

    /// <summary>Whether some true AZ-AGM total can be published as both totals with <paramref name="outside"/> cases beside it.</summary>
    private static bool Consistent((long Agm, long All) total, int outside) =>
        Candidates(total.Agm).Any(count => CellKeyPerturbation.CanPublish(count + outside, total.All));

    private static IEnumerable<long> Candidates(long published) =>
        Enumerable.Range(0, (int)published + CellKeyPerturbation.MaxPerturbation + 1).Select(count => (long)count).Where(count => CellKeyPerturbation.CanPublish(count, published));

    private async Task SeedAsync(string organization, string admin1, Survivor survivor, Random random)
    {
        var counts = new Tally();
        counts.Add(StatisticsKeys.Cases);
        counts.Add(StatisticsKeys.Sex + survivor.Sex);
        counts.Add(StatisticsKeys.AgeGroup + survivor.AgeGroup);
        counts.Add(StatisticsKeys.Disability + survivor.Disability);
        counts.Add(StatisticsKeys.Crossed(StatisticsKeys.SexByAgeGroup, survivor.Sex, survivor.AgeGroup));
        counts.Add(StatisticsKeys.Crossed(StatisticsKeys.SexByDisability, survivor.Sex, survivor.Disability));
        counts.Add(StatisticsKeys.DeviceType + survivor.Device);
        counts.Add(StatisticsKeys.CivilianStatus + survivor.Civilian);
        counts.Add(StatisticsKeys.VictimType + "survivor");
        counts.Add(StatisticsKeys.Status + survivor.Status);
        var contribution = new CaseContribution(CaseIds.New(), 1, new StatisticsCell(organization, Month, admin1), counts, random.Next(CellKeyPerturbation.KeyRange));
        Assert.True(await host.App.Services.GetRequiredService<StatisticsStore>().ApplyAsync(contribution, repair: false, CancellationToken.None));
    }

    private sealed record Survivor(string Sex, string AgeGroup, string Disability, string Device, string Civilian, string Status);
}
