using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Statistics;

/// <summary>The statistics routes over HTTP: scope, validation, roles, and the CSV export against the JSON.</summary>
public sealed class StatisticsApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task A_manager_counts_only_its_own_organisation_and_an_admin_counts_one_or_all()
    {
        await RegisterAsync("org-iso-a", "AZ-QUS", 8);
        await RegisterAsync("org-iso-b", "AZ-SAB", 9);
        using var managerA = host.ClientFor(Roles.Manager, "org-iso-a");
        using var admin = host.ClientFor(Roles.Admin);

        var own = await managerA.GetFromJsonAsync<JsonObject>("/api/statistics");
        var namedB = await admin.GetFromJsonAsync<JsonObject>("/api/statistics?organization=org-iso-b");
        var all = await admin.GetFromJsonAsync<JsonObject>("/api/statistics");

        Assert.Equal("org-iso-a", (string?)own!["filters"]!["organization"]);
        AssertCounts(own, 8, "AZ-QUS");
        AssertCounts(namedB!, 9, "AZ-SAB");
        Assert.Equal(["AZ-QUS", "AZ-SAB"], all!["cases"]!["byAdmin1"]!.AsObject().Select(area => area.Key).Where(area => area is "AZ-QUS" or "AZ-SAB"));
        Assert.Null((string?)all["filters"]!["organization"]);
        using var otherOrganization = await managerA.GetAsync("/api/statistics?organization=org-iso-b");
        await otherOrganization.AssertValidationProblemAsync("organization");
        using var otherExport = await managerA.GetAsync("/api/statistics/export?organization=org-iso-b");
        await otherExport.AssertValidationProblemAsync("organization");
        host.ThrowIfAFunctionFailed();
    }

    [Fact]
    public async Task The_csv_export_read_back_with_a_csv_reader_holds_exactly_the_numbers_of_the_json()
    {
        await RegisterAsync("org-csv", "AZ-SAD", 9, male: 2);
        using var manager = host.ClientFor(Roles.Manager, "org-csv");
        var json = (await manager.GetFromJsonAsync<JsonObject>("/api/statistics?from=2000-01&to=2999-12"))!;

        using var response = await manager.GetAsync("/api/statistics/export?from=2000-01&to=2999-12");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("statistics_2000-01_to_2999-12.csv", response.Content.Headers.ContentDisposition.FileName);
        using var reader = CsvReader.FromText(await response.Content.ReadAsStringAsync(), CsvReaderOptions.Default);
        var rows = new Dictionary<(string, string, string), (string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString("section"), reader.GetString("dimension"), reader.GetString("key")), (reader.GetString("value"), reader.GetString("status")));
        }

        Assert.Equal(["section", "dimension", "key", "admin1", "month", "value", "status"], reader.Headers);
        Assert.Equal(Flatten(json), rows);
        Assert.Equal((string)json["cases"]!["total"]!.ToJsonString(), rows[("cases", "total", "all")].Item1);
        Assert.Equal("published", rows[("cases", "total", "all")].Item2);
        Assert.Contains(rows.Values, row => row == (string.Empty, "withheld")); // the medians: no referral was answered
    }

    [Fact]
    public async Task The_csv_export_with_hxl_has_the_hashtag_row_under_the_header()
    {
        using var manager = host.ClientFor(Roles.Manager, "org-hxl");

        using var response = await manager.GetAsync("/api/statistics/export?hxl=true");

        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal("section,dimension,key,admin1,month,value,status", lines[0]);
        Assert.Equal("#meta+section,#meta+dimension,#meta+key,#adm1+code,#date+month,#indicator+value+num,#meta+status", lines[1]);
        Assert.Equal("cases,total,all,,,,withheld", lines[2]);
    }

    [Theory]
    [InlineData("from=2026-13", "from")]
    [InlineData("from=2026-1", "from")]
    [InlineData("from=", "from")]
    [InlineData("to=26-01", "to")]
    [InlineData("to=2026-01-01", "to")]
    [InlineData("from=2026-03&to=2026-02", "from")]
    [InlineData("admin1=az-agm", "admin1")]
    [InlineData("admin1=AZAGM", "admin1")]
    [InlineData("admin1=AZ-AGMX", "admin1")]
    [InlineData("admin1=-SUM", "admin1")]
    [InlineData("organization=org-other", "organization")]
    [InlineData("hxl=yes", "hxl")]
    public async Task A_malformed_query_is_a_validation_problem_naming_the_parameter(string query, string field)
    {
        using var manager = host.ClientFor(Roles.Manager, "org-validation");
        foreach (var route in new[] { "/api/statistics", "/api/statistics/export" })
        {
            using var response = await manager.GetAsync($"{route}?{query}");
            await response.AssertValidationProblemAsync(field);
        }
    }

    [Theory]
    [InlineData(Roles.Caseworker, "get", "/api/statistics")]
    [InlineData(Roles.Provider, "get", "/api/statistics")]
    [InlineData(Roles.Caseworker, "get", "/api/statistics/export")]
    [InlineData(Roles.Provider, "get", "/api/statistics/export")]
    [InlineData(Roles.Caseworker, "post", "/api/operations/statistics/recount")]
    [InlineData(Roles.Provider, "post", "/api/operations/statistics/recount")]
    [InlineData(Roles.Manager, "post", "/api/operations/statistics/recount")]
    [InlineData(Roles.Coordinator, "post", "/api/operations/statistics/recount")]
    public async Task Other_roles_are_forbidden(string role, string method, string route)
    {
        using var client = host.ClientFor(role, role == Roles.Provider ? null : "org-roles", role == Roles.Provider ? "provider-roles" : null);
        using var request = new HttpRequestMessage(new HttpMethod(method), route);

        using var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_a_token_every_statistics_route_is_401()
    {
        foreach (var (method, route) in new[] { (HttpMethod.Get, "/api/statistics"), (HttpMethod.Get, "/api/statistics/export"), (HttpMethod.Post, "/api/operations/statistics/recount") })
        {
            using var response = await host.Client.SendAsync(new HttpRequestMessage(method, route));
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    /// <summary>Every number of the JSON report as the CSV writes it: (section, dimension, key) → (value, status).</summary>
    private static Dictionary<(string, string, string), (string, string)> Flatten(JsonObject report)
    {
        static (string, string) Cell(JsonNode? value) => value is null ? (string.Empty, "withheld") : (value.ToJsonString(), "published");
        var rows = new Dictionary<(string, string, string), (string, string)>();
        foreach (var section in new[] { "cases", "referrals" })
        {
            foreach (var (dimension, value) in report[section]!.AsObject())
            {
                if (value is not JsonObject breakdown)
                {
                    rows[(section, dimension, "all")] = Cell(value);
                    continue;
                }

                foreach (var (key, count) in breakdown)
                {
                    if (count is JsonObject table)
                    {
                        foreach (var (column, cell) in table)
                        {
                            rows[(section, $"{dimension}.{key}", column)] = Cell(cell);
                        }
                    }
                    else
                    {
                        rows[(section, dimension, key)] = Cell(count);
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>A published total within the perturbation of the true one, and only the organisation's own area.</summary>
    private static void AssertCounts(JsonObject report, int cases, string admin1)
    {
        Assert.InRange((int)report["cases"]!["total"]!, cases - CellKeyPerturbation.MaxPerturbation, cases + CellKeyPerturbation.MaxPerturbation);
        Assert.Equal([admin1], report["cases"]!["byAdmin1"]!.AsObject().Select(area => area.Key));
    }

    /// <summary>Registers the cases and waits until the aggregates count them all.</summary>
    private async Task RegisterAsync(string organization, string admin1, int count, int male = 0)
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, organization);
        for (var index = 0; index < count; index++)
        {
            var body = CaseSamples.Registration(referralConsent: false);
            body["survivor"]!["location"]!["admin1"] = admin1;
            body["survivor"]!["sex"] = index < male ? "male" : "female";
            using var response = await caseworker.RegisterAsync(body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var store = host.App.Services.GetRequiredService<StatisticsStore>();
        await Eventually.GetAsync(
            () => store.CellsAsync(organization, null, null, null, CancellationToken.None),
            cells => cells.Sum(cell => Tally.FromJson(cell.Counts)[StatisticsKeys.Cases]) == count,
            $"{organization}'s {count} cases counted");
    }
}
