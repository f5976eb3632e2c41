using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Intake;

/// <summary>The LocalHost with intake key 0 pulling from a <see cref="FakeKoboServer"/>; the timer never fires during the tests.</summary>
public sealed class KoboPullHostFixture : IntakeHostFixture
{
    public FakeKoboServer Kobo { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Kobo = await FakeKoboServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Kobo.DisposeAsync();
    }

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Intake:Keys:0:Kobo:ServerUrl"] = Kobo.BaseAddress.ToString();
        settings["Intake:Keys:0:Kobo:AssetUid"] = FakeKoboServer.AssetUid;
        settings["Intake:Keys:0:Kobo:ApiToken"] = FakeKoboServer.Token;
        settings["Intake:Kobo:PullSchedule"] = "0 0 0 1 1 *";
        settings[$"{IntakeRegistration.ResilienceSectionName}:Retry:MaxRetryAttempts"] = "1";
        settings[$"{IntakeRegistration.ResilienceSectionName}:Retry:Delay"] = "00:00:00.001";
        return settings;
    }
}

/// <summary>
/// POST /api/operations/intake/kobo/pull against a fake KoboToolbox server. The tests of this class share the
/// server and the cursor, and run one after another: each asserts on its own submissions.
/// </summary>
public sealed class KoboPullTests(KoboPullHostFixture host) : IClassFixture<KoboPullHostFixture>
{
    [Fact]
    public async Task A_submission_pushed_and_pulled_registers_once()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        using var pushed = await host.Client.PostSubmissionAsync(submission);
        var caseId = (string)(await pushed.ReadObjectAsync())["caseId"]!;
        host.Kobo.Add(submission);

        var source = await PullAsync();

        Assert.Equal(KoboReconciliation.Pulled, (string)source["outcome"]!);
        Assert.True((int)source["applied"]! >= 1);
        Assert.Single(await HistoryAsync(caseId), item => (string)item!["type"]! == CaseEvents.Registered.Name);
    }

    [Fact]
    public async Task A_submission_the_push_refused_arrives_by_the_pull_across_pages_and_a_second_pull_finds_nothing()
    {
        var uuids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
        var submissions = uuids.Select(uuid => KoboSamples.Submission(KoboSamples.Registration, uuid)).ToList();
        using var refused = await host.Client.PostSubmissionAsync(submissions[0], key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var lastId = submissions.Select(host.Kobo.Add).Max();

        var source = await PullAsync();
        var again = await PullAsync();

        Assert.Equal(lastId, (long)source["cursor"]!);
        Assert.Equal(3, (int)source["registered"]!);
        Assert.All(host.Kobo.Requests, request => Assert.Equal($"Token {FakeKoboServer.Token}", request.Authorization));
        Assert.Contains(host.Kobo.Requests, request => request.PathAndQuery.Contains("start=2", StringComparison.Ordinal));
        foreach (var uuid in uuids)
        {
            Assert.NotNull(await CaseAsync(CaseIds.FromSubmission(KoboSamples.Organization, uuid)));
        }

        Assert.Equal([0, 0], [(int)again["fetched"]!, (int)again["registered"]!]);
        Assert.Equal(lastId, (long)again["cursor"]!);
    }

    [Fact]
    public async Task An_invalid_pulled_submission_is_held_and_nothing_of_it_is_logged()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        submission["survivor/sex"] = "secretvalue_sex";
        host.Kobo.Add(submission);

        var source = await PullAsync();

        Assert.Equal(1, (int)source["held"]!);
        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);
        var page = (await caseworker.GetFromJsonAsync<JsonObject>("/api/intake/held?limit=200"))!;
        Assert.Contains(page["items"]!.AsArray(), item => item!["faults"]!.AsObject().ContainsKey("survivor/sex"));
        string[] personal = ["secretvalue", "Rauf", "Hasanli"];
        Assert.All(personal, value => Assert.DoesNotContain(value, host.Logs.All, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_kobo_outage_keeps_the_cursor_and_the_next_pull_takes_the_submission_in()
    {
        var uuid = Guid.NewGuid().ToString();
        var before = (long)(await PullAsync())["cursor"]!;
        var id = host.Kobo.Add(KoboSamples.Submission(KoboSamples.Registration, uuid));
        host.Kobo.Outage = (int)HttpStatusCode.ServiceUnavailable;

        var down = await PullAsync();
        host.Kobo.Outage = null;
        var up = await PullAsync();

        Assert.Equal([KoboReconciliation.Unavailable, KoboReconciliation.Pulled], [(string)down["outcome"]!, (string)up["outcome"]!]);
        Assert.Equal(before, (long)down["cursor"]!);
        Assert.Equal(id, (long)up["cursor"]!);
        Assert.NotNull(await CaseAsync(CaseIds.FromSubmission(KoboSamples.Organization, uuid)));
        Assert.Contains(host.Kobo.Requests, request => request.PathAndQuery.Contains(Uri.EscapeDataString($"{{\"_id\":{{\"$gt\":{before}}}}}"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_token_is_reported_as_unauthorized_and_logged_as_an_error_without_the_token_and_keeps_the_cursor()
    {
        var before = (long)(await PullAsync())["cursor"]!;
        host.Kobo.Add(KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString()));
        host.Kobo.RefusesToken = true;

        var refused = await PullAsync();
        host.Kobo.RefusesToken = false;
        var fixedToken = await PullAsync();

        Assert.Equal(KoboReconciliation.Unauthorized, (string)refused["outcome"]!);
        Assert.Equal(before, (long)refused["cursor"]!);
        Assert.Contains(host.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains(FakeKoboServer.AssetUid, StringComparison.Ordinal));
        Assert.DoesNotContain(FakeKoboServer.Token, host.Logs.All, StringComparison.Ordinal);
        Assert.Equal(1, (int)fixedToken["registered"]!);
    }

    [Fact]
    public async Task An_edit_made_in_kobotoolbox_after_the_pull_arrives_by_the_next_pull_once()
    {
        var original = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        var id = host.Kobo.Add(original);
        await PullAsync();
        var caseId = CaseIds.FromSubmission(KoboSamples.Organization, (string)original["_uuid"]!);
        var edited = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        edited["meta/rootUuid"] = original["meta/instanceID"]!.DeepClone();
        edited["meta/deprecatedID"] = original["meta/instanceID"]!.DeepClone();
        edited["survivor/community"] = "Shikhli";
        host.Kobo.Edit(id, edited);

        var pulled = await PullAsync();
        var again = await PullAsync();

        Assert.Equal("Shikhli", (string)(await CaseAsync(caseId))!["survivor"]!["location"]!["community"]!);
        Assert.True((int)pulled["editsChecked"]! >= 1);
        Assert.True((int)again["editsChecked"]! >= 1);
        Assert.Single(await HistoryAsync(caseId), item => (string)item!["type"]! == CaseEvents.Updated.Name);
    }

    [Theory]
    [InlineData("release", "{\"survivor/sex\": \"male\"}", HttpStatusCode.OK)]
    [InlineData("discard", "{\"reason\": \"test_submission\"}", HttpStatusCode.NoContent)]
    public async Task An_edit_held_by_the_pull_and_then_released_or_discarded_by_a_caseworker_is_not_held_again_by_the_next_pull(string decision, string body, HttpStatusCode answered)
    {
        var original = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        var id = host.Kobo.Add(original);
        await PullAsync();
        var edited = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        edited["meta/rootUuid"] = original["meta/instanceID"]!.DeepClone();
        edited["meta/deprecatedID"] = original["meta/instanceID"]!.DeepClone();
        edited["survivor/sex"] = "secretvalue_sex";
        edited["survivor/community"] = "Shikhli";
        host.Kobo.Edit(id, edited);
        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);
        var heldBefore = await HoldIdsAsync(caseworker);
        Assert.Equal(1, (int)(await PullAsync())["held"]!);
        var holdId = Assert.Single((await HoldIdsAsync(caseworker)).Except(heldBefore));
        using (var decided = await caseworker.PostAsync($"/api/intake/held/{holdId}/{decision}", new StringContent(body, System.Text.Encoding.UTF8, decision == "release" ? "application/merge-patch+json" : "application/json")))
        {
            Assert.Equal(answered, decided.StatusCode);
        }

        var next = await PullAsync();

        Assert.Equal(0, (int)next["held"]!);
        Assert.True((int)next["editsChecked"]! >= 1);
        Assert.DoesNotContain(holdId, await HoldIdsAsync(caseworker));
    }

    private static async Task<List<string>> HoldIdsAsync(HttpClient caseworker) =>
        (await caseworker.GetFromJsonAsync<JsonObject>("/api/intake/held?limit=200"))!["items"]!.AsArray().Select(item => (string)item!["holdId"]!).ToList();

    [Fact]
    public async Task The_cursor_survives_a_restart_of_the_app()
    {
        var before = (long)(await PullAsync())["cursor"]!;
        var uuid = Guid.NewGuid().ToString();
        var id = host.Kobo.Add(KoboSamples.Submission(KoboSamples.Registration, uuid));

        await host.RestartAppAsync();
        var after = await PullAsync();

        Assert.Equal(1, (int)after["fetched"]!);
        Assert.Equal(id, (long)after["cursor"]!);
        Assert.Contains(host.Kobo.Requests, request => request.PathAndQuery.Contains(Uri.EscapeDataString($"{{\"_id\":{{\"$gt\":{before}}}}}"), StringComparison.Ordinal));
        Assert.NotNull(await CaseAsync(CaseIds.FromSubmission(KoboSamples.Organization, uuid)));
    }

    [Fact]
    public async Task Only_an_admin_runs_the_pull()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);

        using var response = await caseworker.PostAsync("/api/operations/intake/kobo/pull", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<JsonObject> PullAsync()
    {
        using var admin = host.ClientFor(Roles.Admin);
        using var response = await admin.PostAsync("/api/operations/intake/kobo/pull", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single((await response.ReadObjectAsync())["sources"]!.AsArray())!.AsObject();
    }

    private async Task<JsonObject?> CaseAsync(string caseId)
    {
        using var admin = host.ClientFor(Roles.Admin);
        using var response = await admin.GetAsync($"/api/cases/{caseId}");
        return response.StatusCode == HttpStatusCode.OK ? await response.ReadObjectAsync() : null;
    }

    private async Task<JsonArray> HistoryAsync(string caseId)
    {
        using var admin = host.ClientFor(Roles.Admin);
        return (await admin.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}/history"))!["events"]!.AsArray();
    }
}
