using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Reliability;
using VictimAssistance.Tests.Support;
using static VictimAssistance.Tests.AccessLog.AccessLogReading;

namespace VictimAssistance.Tests.AccessLog;

/// <summary>
/// The access log end to end: every read of a case's data leaves a record of who, when and what (never the data),
/// admins list them newest first with paging, and everyone else is answered as for a case that does not exist.
/// </summary>
public sealed class AccessLogTests(AccessLogHost host) : IClassFixture<AccessLogHost>
{
    private const string Organization = "org-access";

    [Fact]
    public async Task Every_read_route_records_who_read_when_on_which_route_and_which_ids_and_never_a_personal_value()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, Organization);
        var (caseId, referrals) = await RoutedCases.RegisterAndRouteAsync(host, caseworker, "AZ-SAT", "access-rehab");
        var referralId = (string)referrals.First(referral => (string)referral!["serviceType"]! == "rehabilitation")!["referralId"]!;
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var readAt = Format(host.Clock.GetUtcNow());

        using (var reader = host.ClientFor(Roles.Caseworker, Organization, subject: "reader-case"))
        {
            (await reader.GetAsync($"/api/cases/{caseId}")).EnsureSuccessStatusCode();
        }

        using (var reader = host.ClientFor(Roles.Caseworker, Organization, subject: "reader-history"))
        {
            (await reader.GetAsync($"/api/cases/{caseId}/history")).EnsureSuccessStatusCode();
        }

        using (var reader = host.ClientFor(Roles.Caseworker, Organization, subject: "reader-case-list"))
        {
            await WaitUntilListedAsync(reader, "/api/cases", "caseId", caseId);
        }

        using (var reader = host.ClientFor(Roles.Provider, providerId: "access-rehab", subject: "reader-referral"))
        {
            (await reader.GetAsync($"/api/referrals/{referralId}")).EnsureSuccessStatusCode();
        }

        using (var reader = host.ClientFor(Roles.Provider, providerId: "access-rehab", subject: "reader-referral-list"))
        {
            await WaitUntilListedAsync(reader, "/api/referrals", "referralId", referralId);
        }

        using (var reader = host.ClientFor(Roles.Admin, subject: "reader-admin"))
        {
            (await reader.GetAsync($"/api/cases/{caseId}")).EnsureSuccessStatusCode();
            (await reader.GetAsync($"/api/cases/{caseId}/access-log")).EnsureSuccessStatusCode();
        }

        using var auditor = host.ClientFor(Roles.Admin, subject: "auditor");
        var records = await WaitForAsync(auditor, caseId, "reader-admin", 2);
        (string Sub, string Role, string Route, string? ReferralId)[] expected =
        [
            ("reader-case", Roles.Caseworker, AccessRoutes.Case, null),
            ("reader-history", Roles.Caseworker, AccessRoutes.CaseHistory, null),
            ("reader-case-list", Roles.Caseworker, AccessRoutes.CaseList, null),
            ("reader-referral", Roles.Provider, AccessRoutes.Referral, referralId),
            ("reader-referral-list", Roles.Provider, AccessRoutes.ReferralList, referralId),
            ("reader-admin", Roles.Admin, AccessRoutes.Case, null),
            ("reader-admin", Roles.Admin, AccessRoutes.CaseAccessLog, null),
        ];
        foreach (var (sub, role, route, referral) in expected)
        {
            Assert.Contains(records, record =>
                Sub(record) == sub
                && (string)record["actor"]!["role"]! == role
                && (string)record["route"]! == route
                && (string)record["caseId"]! == caseId
                && (string?)record["referralId"] == referral
                && (string)record["accessedAt"]! == readAt);
        }

        await AssertNoPersonalValueAsync(caseId, records);
    }

    [Fact]
    public async Task Records_are_listed_newest_first_across_pages_and_reads_made_while_paging_do_not_shift_the_pages()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, Organization, subject: "pager");
        using var registration = await caseworker.RegisterAsync(CaseSamples.Registration(referralConsent: false));
        var caseId = (string)(await registration.ReadObjectAsync())["caseId"]!;
        var reads = new List<(string Route, string At)>();
        for (var i = 0; i < 7; i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            var (path, route) = i % 2 == 0 ? ($"/api/cases/{caseId}", AccessRoutes.Case) : ($"/api/cases/{caseId}/history", AccessRoutes.CaseHistory);
            (await caseworker.GetAsync(path)).EnsureSuccessStatusCode();
            reads.Add((route, Format(host.Clock.GetUtcNow())));
        }

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        using var admin = host.ClientFor(Roles.Admin, subject: "pager-auditor");
        await WaitForAsync(admin, caseId, "pager", reads.Count);

        var pages = new List<JsonArray>();
        string? token = null;
        do
        {
            var page = await PageAsync(admin, caseId, token is null ? "?limit=3" : $"?limit=3&continuationToken={Uri.EscapeDataString(token)}");
            pages.Add(page["items"]!.AsArray());
            token = (string?)page["continuationToken"];
        }
        while (token is not null && pages.Count < 20);

        Assert.Null(token);
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.All(pages[..^1], page => Assert.Equal(3, page.Count));
        var listed = pages.SelectMany(page => page).Select(item => item!.AsObject()).ToList();
        var times = listed.Select(item => (string)item["accessedAt"]!).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
        Assert.Equal(
            Enumerable.Reverse(reads),
            listed.Where(item => Sub(item) == "pager").Select(item => ((string)item["route"]!, (string)item["accessedAt"]!)));
    }

    [Theory]
    [InlineData(Roles.Caseworker)]
    [InlineData(Roles.Provider)]
    [InlineData(Roles.Manager)]
    public async Task Only_an_admin_reads_an_access_log_and_every_other_role_of_the_records_is_answered_as_for_a_case_that_does_not_exist(string role)
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, Organization);
        using var registration = await caseworker.RegisterAsync(CaseSamples.Registration(referralConsent: false));
        var caseId = (string)(await registration.ReadObjectAsync())["caseId"]!;
        (await caseworker.GetAsync($"/api/cases/{caseId}")).EnsureSuccessStatusCode();
        using var other = host.ClientFor(role, role == Roles.Provider ? null : Organization, role == Roles.Provider ? "access-rehab" : null);

        using var refused = await other.GetAsync($"/api/cases/{caseId}/access-log");

        await refused.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_is_refused_an_id_that_cannot_name_a_case_and_a_page_size_or_token_the_list_did_not_issue()
    {
        using var admin = host.ClientFor(Roles.Admin);
        const string CaseId = "0123456789abcdef0123456789abcdef";

        using (var malformed = await admin.GetAsync("/api/cases/0123456789ABCDEF0123456789ABCDEF/access-log"))
        {
            await malformed.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var limit = await admin.GetAsync($"/api/cases/{CaseId}/access-log?limit=0"))
        {
            await limit.AssertValidationProblemAsync("limit");
        }

        using (var token = await admin.GetAsync($"/api/cases/{CaseId}/access-log?continuationToken=bm90LWEta2V5"))
        {
            await token.AssertValidationProblemAsync("continuationToken");
        }

        using (var anonymous = await host.Client.GetAsync($"/api/cases/{CaseId}/access-log"))
        {
            await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    private async Task AssertNoPersonalValueAsync(string caseId, List<JsonObject> records)
    {
        var stored = await host.Storage.Table(TableNames.AccessLog).QueryAsync<TableEntity>(row => row.PartitionKey == caseId).ToListAsync();
        Assert.NotEmpty(stored);
        var text = string.Join('\n', records.Select(record => record.ToJsonString()).Concat(stored.SelectMany(row => row.Select(pair => pair.Value?.ToString()))));
        Assert.All(CaseSamples.PersonalValues, value => Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase));
    }
}
