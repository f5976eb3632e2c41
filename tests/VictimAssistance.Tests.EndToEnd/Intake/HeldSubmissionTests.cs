using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Intake;

/// <summary>Submissions that cannot become a case: held (202), listed, corrected and released, or discarded.</summary>
public sealed class HeldSubmissionTests(IntakeHostFixture host) : IClassFixture<IntakeHostFixture>
{
    private static readonly string[] Personal = ["secretvalue", "0552345678999", "Rauf", "Hasanli"];

    [Fact]
    public async Task An_invalid_submission_is_held_with_202_and_listed_by_its_faults_never_its_values_nor_logged()
    {
        var uuid = Guid.NewGuid().ToString();

        var holdId = await HoldAsync(Invalid(uuid));

        var item = await ListedAsync(holdId);
        Assert.Equal(["needs[2]/urgency", "survivor/phone", "survivor/sex"], item["faults"]!.AsObject().Select(pair => pair.Key).Order());
        Assert.Equal("vGz7mQpR4sT2uV9wX3yZ5a", (string)item["formVersion"]!);
        Assert.All(Personal, value => Assert.DoesNotContain(value, item.ToJsonString(), StringComparison.Ordinal));
        Assert.All(Personal, value => Assert.DoesNotContain(value, host.Logs.All, StringComparison.Ordinal));
        await AssertNoCaseAsync(uuid);
    }

    [Fact]
    public async Task The_same_submission_delivered_again_meets_its_hold()
    {
        var submission = Invalid(Guid.NewGuid().ToString());

        var first = await HoldAsync(submission);
        var again = await HoldAsync(submission);

        Assert.Equal(first, again);
    }

    [Fact]
    public async Task A_held_submission_released_with_corrections_becomes_a_case_through_the_write_path_and_is_gone()
    {
        var uuid = Guid.NewGuid().ToString();
        var holdId = await HoldAsync(Invalid(uuid));
        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);
        var view = (await caseworker.GetFromJsonAsync<JsonObject>($"/api/intake/held/{holdId}"))!;
        Assert.Equal("secretvalue_sex", (string)view["fields"]!["survivor/sex"]!);
        var needs = view["fields"]!["needs"]!.DeepClone();
        needs[1]!["needs/urgency"] = "routine";

        using var released = await ReleaseAsync(caseworker, holdId, new JsonObject { ["survivor/sex"] = "male", ["survivor/phone"] = "+994552345678", ["needs"] = needs });

        Assert.Equal(HttpStatusCode.Created, released.StatusCode);
        var caseId = (string)(await released.ReadObjectAsync())["caseId"]!;
        Assert.Equal(CaseIds.FromSubmission(KoboSamples.Organization, uuid), caseId);
        using var admin = host.ClientFor(Roles.Admin);
        var history = (await admin.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}/history"))!["events"]!.AsArray();
        Assert.Equal("test-user", (string)history[0]!["actor"]!["sub"]!);
        Assert.Equal(CaseEvents.Registered.Name, (string)history[0]!["type"]!);
        using var gone = await caseworker.GetAsync($"/api/intake/held/{holdId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_release_whose_corrections_leave_faults_is_400_listing_them_and_changes_nothing()
    {
        var uuid = Guid.NewGuid().ToString();
        var holdId = await HoldAsync(Invalid(uuid));
        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);

        using var released = await ReleaseAsync(caseworker, holdId, new JsonObject { ["survivor/sex"] = "male" });

        await released.AssertValidationProblemAsync("needs[2]/urgency", "survivor/phone");
        await ListedAsync(holdId);
        await AssertNoCaseAsync(uuid);
    }

    [Fact]
    public async Task A_held_submission_of_another_organisation_is_404_for_every_route()
    {
        var holdId = await HoldAsync(Invalid(Guid.NewGuid().ToString()));
        using var other = host.ClientFor(Roles.Caseworker, "org-other");

        using var read = await other.GetAsync($"/api/intake/held/{holdId}");
        using var release = await ReleaseAsync(other, holdId, new JsonObject());
        using var discard = await other.PostAsJsonAsync($"/api/intake/held/{holdId}/discard", new JsonObject { ["reason"] = "duplicate" });

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], [read.StatusCode, release.StatusCode, discard.StatusCode]);
        await ListedAsync(holdId);
    }

    [Fact]
    public async Task A_discarded_submission_leaves_the_list_and_an_unknown_reason_is_400()
    {
        var holdId = await HoldAsync(Invalid(Guid.NewGuid().ToString()));
        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);

        using var refused = await caseworker.PostAsJsonAsync($"/api/intake/held/{holdId}/discard", new JsonObject { ["reason"] = "bored" });
        using var discarded = await caseworker.PostAsJsonAsync($"/api/intake/held/{holdId}/discard", new JsonObject { ["reason"] = "duplicate" });

        await refused.AssertValidationProblemAsync("reason");
        Assert.Equal(HttpStatusCode.NoContent, discarded.StatusCode);
        using var gone = await caseworker.GetAsync($"/api/intake/held/{holdId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_held_submission_larger_than_one_table_property_is_kept_whole()
    {
        var submission = Invalid(Guid.NewGuid().ToString());
        var longName = new string('ə', 35_000);
        submission["survivor/given_name"] = longName;

        var holdId = await HoldAsync(submission);

        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);
        var view = (await caseworker.GetFromJsonAsync<JsonObject>($"/api/intake/held/{holdId}"))!;
        Assert.Equal(longName, (string)view["fields"]!["survivor/given_name"]!);
        Assert.Contains("survivor/given_name", view["faults"]!.AsObject().Select(pair => pair.Key));
    }

    [Fact]
    public async Task A_body_that_is_not_a_json_object_is_still_refused_with_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake/kobo") { Content = new StringContent("[1, 2]", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Intake-Key", KoboSamples.IntakeKey);

        using var response = await host.Client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private static JsonObject Invalid(string uuid)
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration, uuid);
        submission["survivor/sex"] = "secretvalue_sex";
        submission["survivor/phone"] = "0552345678999";
        submission["needs"]![1]!["needs/urgency"] = "secretvalue_urgency";
        return submission;
    }

    private async Task<string> HoldAsync(JsonObject submission)
    {
        using var response = await host.Client.PostSubmissionAsync(submission);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["holdId"]!;
    }

    /// <summary>The hold as the organisation's list shows it, following its pages.</summary>
    private async Task<JsonObject> ListedAsync(string holdId)
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);
        string? token = null;
        do
        {
            var page = (await caseworker.GetFromJsonAsync<JsonObject>("/api/intake/held?limit=200" + (token is null ? string.Empty : $"&continuationToken={token}")))!;
            if (page["items"]!.AsArray().FirstOrDefault(item => (string)item!["holdId"]! == holdId) is JsonObject found)
            {
                return found;
            }

            token = (string?)page["continuationToken"];
        }
        while (token is not null);

        throw new Xunit.Sdk.XunitException($"Hold {holdId} is not listed.");
    }

    private static Task<HttpResponseMessage> ReleaseAsync(HttpClient client, string holdId, JsonObject corrections) =>
        client.PostAsync($"/api/intake/held/{holdId}/release", new StringContent(corrections.ToJsonString(), Encoding.UTF8, "application/merge-patch+json"));

    private async Task AssertNoCaseAsync(string uuid)
    {
        using var admin = host.ClientFor(Roles.Admin);
        using var response = await admin.GetAsync($"/api/cases/{CaseIds.FromSubmission(KoboSamples.Organization, uuid)}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
