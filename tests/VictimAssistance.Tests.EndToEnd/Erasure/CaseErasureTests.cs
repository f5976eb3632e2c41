using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Notifications;
using VictimAssistance.Tests.Support;
using static VictimAssistance.Tests.Notifications.NotificationHost;

namespace VictimAssistance.Tests.Erasure;

/// <summary>
/// Erasure end to end on the LocalHost: a case routed, offered, notified and completed, then erased by an admin.
/// Each test uses its own admin1 code, providers and survivor values, so what one finds is its own.
/// </summary>
public sealed class CaseErasureTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private const string Organization = "org-erase";

    [Fact]
    public async Task An_erased_case_leaves_its_survivors_values_in_no_table_queue_or_poison_queue_and_its_providers_hear_of_the_cancellation()
    {
        var survivor = new DistinctSurvivor("Erasmina", "Silinmisova", "+994557319026", "1979-02-03", "Unudulmuskend", "Zerzevat-note-4471");
        var (caseId, _) = await RoutedAndCompletedAsync(survivor, "AZ-UCA", "erase-search-medical", "erase-search-legal");
        Assert.NotEmpty(await StoredValues.FindAsync(host, survivor.Values));

        using var admin = host.ClientFor(Roles.Admin);
        using var erased = await EraseAsync(admin, caseId, "Data subject request DSR-2026-014");

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var tombstone = await erased.ReadObjectAsync();
        Assert.Equal(caseId, (string)tombstone["caseId"]!);
        Assert.Equal("test-user", (string)tombstone["erasedBy"]!);
        Assert.Equal("Data subject request DSR-2026-014", (string)tombstone["reason"]!);
        await Eventually.GetAsync(
            () => Task.FromResult(host.Receiver.For("erase-search-medical")),
            requests => requests.Any(request => request.Body.Contains(ReferralEvents.Cancelled.Name, StringComparison.Ordinal)),
            "the cancellation webhook of the open referral");
        await StoredValues.SettledAsync(host, caseId);
        Assert.Empty(await StoredValues.FindAsync(host, survivor.Values));
    }

    [Fact]
    public async Task Reads_and_changes_of_an_erased_case_answer_410_with_the_tombstone_and_its_referrals_are_gone_for_providers()
    {
        var survivor = new DistinctSurvivor("Gonelina", "Yoxova", "+994557319027", "1980-04-05", "Itmiskend", "Gone-note-5512");
        var (caseId, referrals) = await RoutedAndCompletedAsync(survivor, "AZ-XAC", "erase-gone-medical", "erase-gone-legal");
        using var admin = host.ClientFor(Roles.Admin);
        using (var erased = await EraseAsync(admin, caseId, "Entered in error"))
        {
            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        }

        using var caseworker = host.ClientFor(Roles.Caseworker, Organization);
        foreach (var path in new[] { $"/api/cases/{caseId}", $"/api/cases/{caseId}/history" })
        {
            using var response = await caseworker.GetAsync(path);
            var body = await response.AssertProblemAsync(HttpStatusCode.Gone);
            Assert.Equal(caseId, (string)body["caseId"]!);
            Assert.Equal("test-user", (string)body["erasedBy"]!);
            Assert.Equal("Entered in error", (string)body["reason"]!);
            Assert.NotNull((string?)body["erasedAt"]);
        }

        using (var closed = await caseworker.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "after erasure" }))
        {
            await closed.AssertProblemAsync(HttpStatusCode.Gone);
        }

        using var legal = host.ClientFor(Roles.Provider, providerId: "erase-gone-legal");
        using (var referral = await legal.GetAsync($"/api/referrals/{referrals["legal"]}"))
        {
            await referral.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        await StoredValues.SettledAsync(host, caseId);
        var listed = (await legal.GetFromJsonAsync<JsonObject>("/api/referrals"))!["items"]!.AsArray();
        Assert.DoesNotContain(listed, item => (string)item!["referralId"]! == referrals["legal"]);
        var cases = (await caseworker.GetFromJsonAsync<JsonObject>("/api/cases"))!["items"]!.AsArray();
        Assert.DoesNotContain(cases, item => (string)item!["caseId"]! == caseId);
    }

    [Fact]
    public async Task An_erased_case_counts_for_the_same_categories_before_and_after_a_recount()
    {
        var survivor = new DistinctSurvivor("Saymina", "Sayilova", "+994557319028", "1981-06-07", "Sayilkend", "Count-note-6623");
        var (caseId, _) = await RoutedAndCompletedAsync(survivor, "AZ-XIZ", "erase-stats-medical", "erase-stats-legal");
        var before = await Eventually.GetAsync(
            () => ContributionAsync(caseId),
            counts => counts.ContainsKey($"{StatisticsKeys.ReferralStatus}legal/completed") && counts.ContainsKey($"{StatisticsKeys.ReferralStatus}medical/offered"),
            "the case counted with its completed referral");
        using var admin = host.ClientFor(Roles.Admin);
        using (var erased = await EraseAsync(admin, caseId, "Data subject request DSR-2026-015"))
        {
            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        }

        await StoredValues.SettledAsync(host, caseId);
        var after = await Eventually.GetAsync(
            () => ContributionAsync(caseId),
            counts => counts.ContainsKey($"{StatisticsKeys.ReferralStatus}medical/cancelled"),
            "the open referral counted as cancelled");
        using (var recount = await admin.PostAsync("/api/operations/statistics/recount", null))
        {
            Assert.Equal(HttpStatusCode.OK, recount.StatusCode);
        }

        var recounted = await ContributionAsync(caseId);
        Assert.Equal(WithoutReferralStatuses(before), WithoutReferralStatuses(after));
        Assert.Equal(after, recounted);
        Assert.Contains(after.Keys, key => key.StartsWith(StatisticsKeys.DaysToComplete, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Roles.Caseworker)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Provider)]
    public async Task Anyone_but_an_admin_is_answered_404_and_nothing_is_erased(string role)
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, Organization);
        var (caseId, _) = await RegisterAsync(caseworker, "AZ-YAR", "education");
        using var caller = host.ClientFor(role, organization: role == Roles.Provider ? null : Organization, providerId: role == Roles.Provider ? "erase-roles" : null);

        using var response = await EraseAsync(caller, caseId, "Data subject request");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        using var read = await caseworker.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"reason\": \"   \"}")]
    [InlineData("{\"reason\": null}")]
    [InlineData("{\"reason\": \"ok\", \"also\": 1}")]
    [InlineData("LONG")]
    public async Task A_missing_blank_or_too_long_reason_or_an_unknown_property_is_400_and_nothing_is_erased(string body)
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, Organization);
        var (caseId, _) = await RegisterAsync(caseworker, "AZ-YE", "education");
        using var admin = host.ClientFor(Roles.Admin);
        var json = body == "LONG" ? new JsonObject { ["reason"] = new string('r', 501) }.ToJsonString() : body;

        using var response = await admin.PostAsync($"/api/cases/{caseId}/erase", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var read = await caseworker.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False((await host.Storage.Table(TableNames.Tombstones).GetEntityIfExistsAsync<TableEntity>("erased", caseId)).HasValue);
    }

    [Fact]
    public async Task Erasing_again_answers_the_first_tombstone()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, Organization);
        var (caseId, _) = await RegisterAsync(caseworker, "AZ-YEV", "education");
        using var admin = host.ClientFor(Roles.Admin);
        using var first = await EraseAsync(admin, caseId, "first request");

        using var second = await EraseAsync(admin, caseId, "second request");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.ReadObjectAsync()).ToJsonString(), (await second.ReadObjectAsync()).ToJsonString());
    }

    [Fact]
    public async Task An_unknown_case_is_404()
    {
        using var admin = host.ClientFor(Roles.Admin);

        using var response = await EraseAsync(admin, "0123456789abcdef0123456789abcdef", "Data subject request");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static Task<HttpResponseMessage> EraseAsync(HttpClient client, string caseId, string reason) =>
        client.PostAsJsonAsync($"/api/cases/{caseId}/erase", new { reason });

    /// <summary>
    /// Registers the survivor with a medical and a legal need; the medical offer is delivered by webhook and stays
    /// open, the legal one is accepted and completed with notes that name the survivor.
    /// </summary>
    private async Task<(string CaseId, Dictionary<string, string> Referrals)> RoutedAndCompletedAsync(DistinctSurvivor survivor, string area, string medical, string legal)
    {
        await host.PutProviderAsync(medical, area, "medical");
        await host.PutProviderAsync(legal, area, "legal");
        using var caseworker = host.ClientFor(Roles.Caseworker, Organization);
        using var registered = await caseworker.RegisterAsync(survivor.Registration(area, "medical", "legal"));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var body = await registered.ReadObjectAsync();
        var caseId = (string)body["caseId"]!;
        var referrals = body["referrals"]!.AsArray().ToDictionary(referral => (string)referral!["serviceType"]!, referral => (string)referral!["referralId"]!);
        await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Delivered.Name, medical), "the medical offer delivered");
        await WaitForHistoryAsync(caseworker, caseId, Event(ReferralEvents.Offered.Name, legal), "the legal referral offered");

        using var provider = host.ClientFor(Roles.Provider, providerId: legal);
        using (var accepted = await provider.PostAsync($"/api/referrals/{referrals["legal"]}/accept", null))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using (var completed = await provider.PostAsJsonAsync($"/api/referrals/{referrals["legal"]}/complete", new { outcome = "service_provided", notes = $"Met {survivor.GivenName} ({survivor.Phone}): {survivor.Note}" }))
        {
            Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        }

        return (caseId, referrals);
    }

    private async Task<Dictionary<string, long>> ContributionAsync(string caseId)
    {
        var row = await host.Storage.Table(TableNames.StatisticsAggregates).GetEntityIfExistsAsync<TableEntity>(Organization, StatisticsRows.Contribution(caseId));
        return row.HasValue
            ? JsonNode.Parse(row.Value!.GetString("Counts")!)!.AsObject().ToDictionary(pair => pair.Key, pair => (long)pair.Value!)
            : [];
    }

    private static Dictionary<string, long> WithoutReferralStatuses(Dictionary<string, long> counts) =>
        counts.Where(pair => !pair.Key.StartsWith(StatisticsKeys.ReferralStatus, StringComparison.Ordinal)).ToDictionary();
}
