using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>
/// The one write path over HTTP: writers that did not pin a version reload and reapply after losing a race, and
/// If-Match is read as RFC 9110 defines it.
/// </summary>
public sealed class CaseWritePathTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task Ten_concurrent_referral_requests_all_succeed_each_with_its_own_event()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-write-referrals");
        var caseId = await RegisterAsync(client, referralConsent: true);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(index =>
            client.PostAsJsonAsync($"/api/cases/{caseId}/referrals", new { serviceType = "legal", notes = $"request {index}" })));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        // Routing changes the case too: with no provider here each of the 12 referrals becomes unmet, one version each.
        var current = await Eventually.GetAsync(
            async () => await (await client.GetAsync($"/api/cases/{caseId}")).ReadObjectAsync(),
            body => body["referrals"]!.AsArray().All(item => (string)item!["status"]! == "unmet"),
            "every referral routed");
        Assert.Equal(12, current["referrals"]!.AsArray().Count);
        var history = (await (await client.GetAsync($"/api/cases/{caseId}/history")).ReadObjectAsync())["events"]!.AsArray();
        var requested = history.Where(item => (string)item!["type"]! == "referral.requested").Select(item => (string)item!["data"]!["referralId"]!).ToList();
        Assert.Equal(12, requested.Distinct().Count());
        Assert.Equal(12, requested.Count);
        var types = string.Join(",", history.Select(item => (string)item!["type"]!));
        var unmet = history.Where(item => (string)item!["type"]! == "referral.unmet").Select(item => (string)item!["data"]!["referralId"]!).ToList();
        Assert.True(unmet.Count == 12 && unmet.Distinct().Count() == 12, types);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Concurrent_closes_without_If_Match_close_once_and_the_others_find_it_closed()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-write-close");
        var caseId = await RegisterAsync(client);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "duplicate" })));

        Assert.Equal(1, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(4, responses.Count(response => response.StatusCode == HttpStatusCode.Conflict));
        var history = await (await client.GetAsync($"/api/cases/{caseId}/history")).ReadObjectAsync();
        Assert.Single(history["events"]!.AsArray(), item => (string)item!["type"]! == "case.closed");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("\"stale\"")]
    [InlineData("\"2\"")]
    [InlineData("W/\"1\"")]
    [InlineData("\"7\", \"8\"")]
    public async Task A_well_formed_If_Match_that_names_no_current_version_is_412(string ifMatch)
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-write-stale");
        var caseId = await RegisterAsync(client);

        using var response = await client.PatchAsync(caseId, ifMatch, new JsonObject { ["legalBasis"] = "vital_interest" });

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(1, await VersionAsync(client, caseId));
    }

    [Fact]
    public async Task If_Match_star_applies_the_change_to_the_case_as_it_is()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-write-star");
        var caseId = await RegisterAsync(client);

        using var response = await client.PatchAsync(caseId, "*", new JsonObject { ["legalBasis"] = "vital_interest" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("vital_interest", (string)(await response.ReadObjectAsync())["legalBasis"]!);
    }

    [Fact]
    public async Task The_ETag_of_the_registration_still_patches_the_case_after_routing_changed_it()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-write-routed");
        using var registered = await client.RegisterAsync(CaseSamples.Registration());
        var etag = registered.Headers.ETag!.Tag;
        var caseId = (string)(await registered.ReadObjectAsync())["caseId"]!;
        // With no provider here routing marks both referrals unmet: the app's own changes of the case.
        await Eventually.GetAsync(
            async () => await (await client.GetAsync($"/api/cases/{caseId}")).ReadObjectAsync(),
            body => body["referrals"]!.AsArray().All(item => (string)item!["status"]! == "unmet"),
            "both referrals routed");
        using (var read = await client.GetAsync($"/api/cases/{caseId}"))
        {
            Assert.Equal(etag, read.Headers.ETag!.Tag);
        }

        using var patched = await client.PatchAsync(caseId, etag, new JsonObject { ["legalBasis"] = "vital_interest" });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.NotEqual(etag, patched.Headers.ETag!.Tag);
        using var stale = await client.PatchAsync(caseId, etag, new JsonObject { ["legalBasis"] = "consent" });
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Theory]
    [InlineData("stale")]
    [InlineData("\"1")]
    [InlineData("1")]
    [InlineData("\"1\" \"2\"")]
    [InlineData(",")]
    public async Task An_If_Match_that_is_not_an_entity_tag_list_is_400_naming_the_header(string ifMatch)
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-write-malformed");
        var caseId = await RegisterAsync(client);

        using var patch = await client.PatchAsync(caseId, ifMatch, new JsonObject { ["legalBasis"] = "vital_interest" });
        using var close = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/close") { Content = JsonContent.Create(new { reason = "x" }) };
        close.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var closed = await client.SendAsync(close);

        await patch.AssertValidationProblemAsync("If-Match");
        await closed.AssertValidationProblemAsync("If-Match");
        Assert.Equal(1, await VersionAsync(client, caseId));
    }

    [Fact]
    public async Task An_If_Match_list_that_names_the_current_version_applies_the_patch()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-write-list");
        var caseId = await RegisterAsync(client);

        using var response = await client.PatchAsync(caseId, "\"9\", W/\"1\", \"1\"", new JsonObject { ["legalBasis"] = "vital_interest" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_close_pinned_to_an_old_version_is_412_and_changes_nothing()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-write-close-pinned");
        var caseId = await RegisterAsync(client);
        using (var patched = await client.PatchAsync(caseId, "\"1\"", new JsonObject { ["legalBasis"] = "vital_interest" }))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using var close = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/close") { Content = JsonContent.Create(new { reason = "x" }) };
        close.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var closed = await client.SendAsync(close);

        await closed.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await (await client.GetAsync($"/api/cases/{caseId}")).ReadObjectAsync();
        Assert.Equal("open", (string)current["status"]!);
    }

    [Fact]
    public async Task A_patch_that_repeats_a_property_is_400_naming_its_path_and_changes_nothing()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-write-duplicate");
        var caseId = await RegisterAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/cases/{caseId}")
        {
            Content = new StringContent("""{"survivor":{"location":{"community":"A","community":"B"}}}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        using var response = await client.SendAsync(request);

        await response.AssertValidationProblemAsync("survivor.location.community");
        Assert.Equal(1, await VersionAsync(client, caseId));
    }

    /// <summary>Without referral consent nothing is routed, so only the test itself changes the case's version.</summary>
    private static async Task<string> RegisterAsync(HttpClient client, bool referralConsent = false)
    {
        using var response = await client.RegisterAsync(CaseSamples.Registration(referralConsent: referralConsent));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["caseId"]!;
    }

    private static async Task<int> VersionAsync(HttpClient client, string caseId) =>
        (int)(await (await client.GetAsync($"/api/cases/{caseId}")).ReadObjectAsync())["version"]!;
}
