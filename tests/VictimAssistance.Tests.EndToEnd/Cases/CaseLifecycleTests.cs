using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>The Cases API end to end: the LocalHost over HTTP with real tokens, on a real Azurite.</summary>
public sealed class CaseLifecycleTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task Register_read_patch_history_close_then_patch_after_close_is_409()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-lifecycle");

        // Without referral consent no referral is routed, so nothing but this test changes the case's version.
        using var created = await client.RegisterAsync(CaseSamples.Registration(referralConsent: false));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var registered = await created.ReadObjectAsync();
        var caseId = (string)registered["caseId"]!;
        Assert.Equal($"/api/cases/{caseId}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("org-lifecycle", (string)registered["organization"]!);
        Assert.Equal("open", (string)registered["status"]!);
        Assert.Equal(CaseSamples.GivenName, (string)registered["survivor"]!["givenName"]!);
        Assert.Empty(registered["referrals"]!.AsArray());
        Assert.Equal(2, registered["needs"]!.AsArray().Count);
        Assert.EndsWith("Z", (string)registered["createdAt"]!, StringComparison.Ordinal);

        using var read = await client.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.True(JsonNode.DeepEquals(registered, await read.ReadObjectAsync()));

        var patch = new JsonObject { ["survivor"] = new JsonObject { ["phone"] = "+994501111111", ["estimatedAge"] = 36 } };
        using var patched = await client.PatchAsync(caseId, "\"1\"", patch);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("\"2\"", patched.Headers.ETag!.Tag);
        var afterPatch = await patched.ReadObjectAsync();
        Assert.Equal("+994501111111", (string)afterPatch["survivor"]!["phone"]!);
        Assert.Equal(CaseSamples.GivenName, (string)afterPatch["survivor"]!["givenName"]!);

        using var closed = await client.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "services delivered" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var afterClose = await closed.ReadObjectAsync();
        Assert.Equal("closed", (string)afterClose["status"]!);

        using var patchAfterClose = await client.PatchAsync(caseId, closed.Headers.ETag!.Tag, patch);
        await patchAfterClose.AssertProblemAsync(HttpStatusCode.Conflict);
        using var referralAfterClose = await client.PostAsJsonAsync($"/api/cases/{caseId}/referrals", new { serviceType = "legal" });
        await referralAfterClose.AssertProblemAsync(HttpStatusCode.Conflict);

        var history = await (await client.GetAsync($"/api/cases/{caseId}/history")).ReadObjectAsync();
        var events = history["events"]!.AsArray().Select(item => item!.AsObject()).ToList();
        Assert.Equal(
            ["case.registered", "case.updated", "case.closed"],
            events.Select(item => (string)item["type"]!));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(number => (long)number), events.Select(item => (long)item["sequence"]!));
        Assert.All(events, item => Assert.Equal("caseworker", (string)item["actor"]!["role"]!));
        var updated = events.Single(item => (string)item["type"]! == "case.updated");
        Assert.Equal(["survivor.estimatedAge", "survivor.phone"], updated["data"]!["changed"]!.AsArray().Select(path => (string)path!));
        Assert.DoesNotContain("+994501111111", history.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eight_concurrent_patches_with_one_ETag_give_one_200_and_seven_412_and_history_agrees()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-concurrency");
        var caseId = await RegisterAsync(client, CaseSamples.Registration(referralConsent: false));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(index =>
            client.PatchAsync(caseId, "\"1\"", new JsonObject { ["survivor"] = new JsonObject { ["location"] = new JsonObject { ["community"] = $"Community {index}" } } })));

        Assert.Equal(1, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(response => response.StatusCode == HttpStatusCode.PreconditionFailed));
        var winner = await responses.Single(response => response.StatusCode == HttpStatusCode.OK).ReadObjectAsync();
        var current = await (await client.GetAsync($"/api/cases/{caseId}")).ReadObjectAsync();
        Assert.Equal(2, (int)current["version"]!);
        Assert.Equal((string)winner["survivor"]!["location"]!["community"]!, (string)current["survivor"]!["location"]!["community"]!);
        var history = await (await client.GetAsync($"/api/cases/{caseId}/history")).ReadObjectAsync();
        var updated = Assert.Single(history["events"]!.AsArray(), item => (string)item!["type"]! == "case.updated");
        Assert.Equal(["survivor.location.community"], updated!["data"]!["changed"]!.AsArray().Select(path => (string)path!));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Eight_concurrent_posts_with_one_Idempotency_Key_make_one_case()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-idempotent");
        var body = CaseSamples.Registration();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.RegisterAsync(body, "kobo-submission-42")));

        Assert.All(responses, response => Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, response.StatusCode.ToString()));
        Assert.Equal(1, responses.Count(response => response.StatusCode == HttpStatusCode.Created));
        var ids = await Task.WhenAll(responses.Select(async response => (string)(await response.ReadObjectAsync())["caseId"]!));
        Assert.Single(ids.Distinct());
        var history = await (await client.GetAsync($"/api/cases/{ids[0]}/history")).ReadObjectAsync();
        Assert.Single(history["events"]!.AsArray(), item => (string)item!["type"]! == "case.registered");

        body["survivor"]!["estimatedAge"] = 40;
        using var differentBody = await client.RegisterAsync(body, "kobo-submission-42");
        await differentBody.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        using var otherOrganization = host.ClientFor(Roles.Caseworker, "org-idempotent-other");
        using var sameKeyElsewhere = await otherOrganization.RegisterAsync(CaseSamples.Registration(), "kobo-submission-42");
        Assert.Equal(HttpStatusCode.Created, sameKeyElsewhere.StatusCode);
        Assert.NotEqual(ids[0], (string)(await sameKeyElsewhere.ReadObjectAsync())["caseId"]!);

        using var badKey = await client.RegisterAsync(CaseSamples.Registration(), new string('k', 101));
        await badKey.AssertValidationProblemAsync("Idempotency-Key");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Paging_through_seven_cases_three_at_a_time_returns_each_once_newest_first()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-paging");
        var registered = new List<string>();
        for (var index = 0; index < 7; index++)
        {
            registered.Add(await RegisterAsync(client, CaseSamples.Registration($"Person{index}")));
        }

        await Eventually.GetAsync(() => ListAsync(client, "/api/cases?limit=200"), page => page.Count == 7, "all seven cases in the list");

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var url = "/api/cases?limit=3" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await (await client.GetAsync(url)).ReadObjectAsync();
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= 3);
            seen.AddRange(items.Select(item => (string)item!["caseId"]!));
            token = (string?)page["continuationToken"];
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(registered), seen);
    }

    [Fact]
    public async Task List_filters_by_status_and_admin1_and_refuses_bad_parameters()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-filters");
        var open = await RegisterAsync(client);
        var elsewhere = CaseSamples.Registration();
        elsewhere["survivor"]!["location"]!["admin1"] = "AZ-TAR";
        var closedId = await RegisterAsync(client, elsewhere);
        using (var close = await client.PostAsJsonAsync($"/api/cases/{closedId}/close", new { reason = "duplicate" }))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        // The list is eventually consistent: wait until both cases are in it at their latest state.
        var closed = await Eventually.GetAsync(() => ListAsync(client, "/api/cases?status=closed"), page => page.Count == 1, "the closed case in the list");
        await Eventually.GetAsync(() => ListAsync(client, "/api/cases"), page => page.Count == 2, "both cases in the list");
        Assert.Equal([closedId], closed);
        Assert.Equal([open], await ListAsync(client, "/api/cases?status=open"));
        Assert.Equal([open], await ListAsync(client, "/api/cases?admin1=AZ-AGM"));

        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("limit=201", "limit"), ("limit=x", "limit"), ("status=pending", "status"), ("continuationToken=%%%", "continuationToken"), ("continuationToken=bm90LWEtcm93LWtleQ", "continuationToken"), ("organization=org-other", "organization") })
        {
            using var response = await client.GetAsync($"/api/cases?{query}");
            await response.AssertValidationProblemAsync(field);
        }
    }

    [Fact]
    public async Task List_filters_by_open_referrals_and_refuses_another_value()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-referral-filter");
        var withReferrals = await RegisterAsync(client);
        var withoutNeeds = CaseSamples.Registration();
        withoutNeeds["needs"] = new JsonArray();
        var withoutReferrals = await RegisterAsync(client, withoutNeeds);

        var open = await Eventually.GetAsync(() => ListAsync(client, "/api/cases?referrals=open"), page => page.Count == 1, "the case with referrals listed with them");
        var none = await Eventually.GetAsync(() => ListAsync(client, "/api/cases?referrals=none"), page => page.Count == 1, "the case without referrals listed without them");

        Assert.Equal([withReferrals], open);
        Assert.Equal([withoutReferrals], none);
        using var response = await client.GetAsync("/api/cases?referrals=offered");
        await response.AssertValidationProblemAsync("referrals");
    }

    [Fact]
    public async Task Another_organisation_sees_404_like_a_missing_case_and_admin_sees_all()
    {
        using var owner = host.ClientFor(Roles.Caseworker, "org-owner");
        using var stranger = host.ClientFor(Roles.Caseworker, "org-stranger");
        using var admin = host.ClientFor(Roles.Admin);
        using var provider = host.ClientFor(Roles.Provider, providerId: "provider-1");
        var caseId = await RegisterAsync(owner);

        foreach (var url in new[] { $"/api/cases/{caseId}", $"/api/cases/{caseId}/history", "/api/cases/ffffffffffffffffffffffffffffffff", "/api/cases/not-an-id" })
        {
            using var response = await stranger.GetAsync(url);
            var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain("org-owner", problem.ToJsonString(), StringComparison.Ordinal);
        }

        using var strangerPatch = await stranger.PatchAsync(caseId, "\"1\"", new JsonObject { ["legalBasis"] = "vital_interest" });
        await strangerPatch.AssertProblemAsync(HttpStatusCode.NotFound);
        using var strangerClose = await stranger.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "x" });
        await strangerClose.AssertProblemAsync(HttpStatusCode.NotFound);

        using var adminRead = await admin.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, adminRead.StatusCode);
        await Eventually.GetAsync(() => ListAsync(admin, "/api/cases?organization=org-owner"), page => page.Contains(caseId), "the case in the admin's list");
        using var adminWithoutOrganization = await admin.GetAsync("/api/cases");
        await adminWithoutOrganization.AssertValidationProblemAsync("organization");
        using var adminRegisters = await admin.RegisterAsync(CaseSamples.Registration());
        await adminRegisters.AssertProblemAsync(HttpStatusCode.Forbidden);

        using var providerRead = await provider.GetAsync($"/api/cases/{caseId}");
        await providerRead.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Patch_needs_If_Match_refuses_stale_ETags_and_server_fields_and_validates_the_whole_case()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-patch");
        var caseId = await RegisterAsync(client, CaseSamples.Registration(referralConsent: false));
        var patch = new JsonObject { ["legalBasis"] = "vital_interest" };

        using var withoutIfMatch = await client.PatchAsync(caseId, null, patch);
        await withoutIfMatch.AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        using var stale = await client.PatchAsync(caseId, "\"7\"", patch);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        foreach (var field in new[] { "caseId", "status", "needs", "victimType", "organization", "version" })
        {
            using var serverField = await client.PatchAsync(caseId, "\"1\"", new JsonObject { [field] = "x" });
            await serverField.AssertValidationProblemAsync(field);
        }

        using var removesRequired = await client.PatchAsync(caseId, "\"1\"", new JsonObject { ["survivor"] = new JsonObject { ["givenName"] = null } });
        await removesRequired.AssertValidationProblemAsync("survivor.givenName");
        using var unknownNested = await client.PatchAsync(caseId, "\"1\"", new JsonObject { ["survivor"] = new JsonObject { ["religion"] = "x" } });
        await unknownNested.AssertValidationProblemAsync("survivor.religion");
        using var textJson = new HttpRequestMessage(HttpMethod.Patch, $"/api/cases/{caseId}") { Content = CaseSamples.JsonContent(patch, "text/json") };
        textJson.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var wrongType = await client.SendAsync(textJson);
        await wrongType.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var current = await (await client.GetAsync($"/api/cases/{caseId}")).ReadObjectAsync();
        Assert.Equal(1, (int)current["version"]!);
        Assert.Equal("consent", (string)current["legalBasis"]!);

        using var unchanged = await client.PatchAsync(caseId, "\"1\"", new JsonObject { ["legalBasis"] = "consent" });
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Equal("\"1\"", unchanged.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Withdrawing_referral_consent_cancels_open_referrals_and_new_referrals_then_need_consent()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-consent");
        var caseId = await RegisterAsync(client);

        using var added = await client.PostAsJsonAsync($"/api/cases/{caseId}/referrals", new { serviceType = "legal", urgency = "emergency", notes = "land title" });
        Assert.Equal(HttpStatusCode.Accepted, added.StatusCode);
        var referral = await added.ReadObjectAsync();
        Assert.Equal("requested", (string)referral["status"]!);
        Assert.Equal($"/api/referrals/{(string)referral["referralId"]!}", added.Headers.Location!.OriginalString);
        using var invalid = await client.PostAsJsonAsync($"/api/cases/{caseId}/referrals", new { serviceType = "housing" });
        await invalid.AssertValidationProblemAsync("serviceType");

        // Routing changes the case too (no provider here: each referral becomes unmet); read the version once it settled.
        var settled = await Eventually.GetAsync(
            async () => await (await client.GetAsync($"/api/cases/{caseId}")).ReadObjectAsync(),
            current => current["referrals"]!.AsArray().All(item => (string)item!["status"]! == "unmet"),
            "every referral routed");
        var version = (int)settled["version"]!;
        using var withdrawn = await client.PatchAsync(caseId, $"\"{version}\"", new JsonObject { ["consent"] = new JsonObject { ["referral"] = false, ["givenBy"] = null } });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var afterWithdrawal = await withdrawn.ReadObjectAsync();
        Assert.Equal(3, afterWithdrawal["referrals"]!.AsArray().Count);
        Assert.All(afterWithdrawal["referrals"]!.AsArray(), item => Assert.Equal("cancelled", (string)item!["status"]!));
        var history = await (await client.GetAsync($"/api/cases/{caseId}/history")).ReadObjectAsync();
        Assert.Equal(3, history["events"]!.AsArray().Count(item => (string)item!["type"]! == "referral.cancelled" && (string)item["data"]!["reason"]! == "consent_withdrawn"));

        using var withoutConsent = await client.PostAsJsonAsync($"/api/cases/{caseId}/referrals", new { serviceType = "medical" });
        await withoutConsent.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Needs_without_referral_consent_are_kept_and_make_no_referral()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-no-consent");

        using var created = await client.RegisterAsync(CaseSamples.Registration(referralConsent: false));

        var body = await created.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(2, body["needs"]!.AsArray().Count);
        Assert.Empty(body["referrals"]!.AsArray());
    }

    [Fact]
    public async Task Registration_routes_every_referral_through_the_queue()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-routing");
        using var created = await client.RegisterAsync(CaseSamples.Registration());
        var body = await created.ReadObjectAsync();
        var caseId = (string)body["caseId"]!;
        var referralIds = body["referrals"]!.AsArray().Select(item => (string)item!["referralId"]!).Order().ToList();

        var storage = host.Storage;
        var outbox = storage.Table(TableNames.Cases).QueryAsync<TableEntity>(CaseRows.RangeFilter(caseId, CaseRows.OutboxPrefix));
        await Eventually.GetAsync(async () => await outbox.CountAsync(), count => count == 0, "the outbox row to be deleted");

        // Every referral went through route-referral: with no provider in this directory the router marks it unmet.
        var routed = await Eventually.GetAsync(
            async () => (await (await client.GetAsync($"/api/cases/{caseId}")).ReadObjectAsync())["referrals"]!.AsArray(),
            items => items.All(item => (string)item!["status"]! == "unmet"),
            "every referral routed");
        Assert.Equal(referralIds, routed.Select(item => (string)item!["referralId"]!).Order());
    }

    [Fact]
    public async Task Nothing_personal_reaches_the_logs()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-logs");
        var caseId = await RegisterAsync(client, CaseSamples.Registration("Zulfiyya", referralConsent: false));
        using (var patched = await client.PatchAsync(caseId, "\"1\"", new JsonObject { ["survivor"] = new JsonObject { ["phone"] = "+994509998877", ["familyName"] = "Huseynova" } }))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using (var invalid = await client.RegisterAsync(CaseSamples.Registration("Gunel\u0001")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        await Eventually.GetAsync(() => ListAsync(client, "/api/cases"), page => page.Contains(caseId), "the case in the list");

        var logs = host.Logs.All;
        Assert.Contains(caseId, logs, StringComparison.Ordinal);
        foreach (var personal in new[] { "Zulfiyya", "Huseynova", "Gunel", "994509998877" }.Concat(CaseSamples.PersonalValues))
        {
            Assert.DoesNotContain(personal, logs, StringComparison.Ordinal);
        }
    }

    private static async Task<string> RegisterAsync(HttpClient client, JsonObject? body = null)
    {
        using var response = await client.RegisterAsync(body ?? CaseSamples.Registration());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["caseId"]!;
    }

    private static async Task<List<string>> ListAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync())["items"]!.AsArray().Select(item => (string)item!["caseId"]!).ToList();
    }
}
