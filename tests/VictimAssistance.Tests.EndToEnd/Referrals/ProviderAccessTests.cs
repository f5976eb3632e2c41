using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Referrals;

/// <summary>
/// What a provider sees of a referral, end to end on the LocalHost: the snapshot taken while the referral is open,
/// frozen once it is completed, and gone (404, off the provider's list) once its access ends. Each test has its own
/// admin1 code and provider.
/// </summary>
public sealed class ProviderAccessTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string NewPhone = "+994557654321";
    private const string NewCommunity = "Quzanli";

    [Fact]
    public async Task The_providers_view_follows_the_caseworkers_edits_while_the_referral_is_offered_and_accepted()
    {
        using var referral = await OfferedReferralAsync("AZ-AGS", "access-open");

        await referral.EditSurvivorAsync(phone: NewPhone);
        Assert.Equal(NewPhone, (string)(await referral.ProviderViewAsync())["survivor"]!["phone"]!);

        await referral.PostAsync("accept");
        await referral.EditSurvivorAsync(community: NewCommunity);
        Assert.Equal(NewCommunity, (string)(await referral.ProviderViewAsync())["survivor"]!["location"]!["community"]!);
    }

    [Fact]
    public async Task A_completed_referrals_view_keeps_the_snapshot_when_the_caseworker_then_edits_phone_and_community()
    {
        using var referral = await CompletedReferralAsync("AZ-AST", "access-done");
        var before = await referral.ProviderViewAsync();

        await referral.EditSurvivorAsync(phone: NewPhone, community: NewCommunity);

        var after = await referral.ProviderViewAsync();
        Assert.Equal(CaseSamples.Phone, (string)after["survivor"]!["phone"]!);
        Assert.Equal(before["survivor"]!.ToJsonString(), after["survivor"]!.ToJsonString());
        Assert.Equal("completed", (string)after["referral"]!["status"]!);
    }

    [Fact]
    public async Task Withdrawing_referral_consent_ends_the_access_of_the_provider_that_completed_the_referral()
    {
        using var referral = await CompletedReferralAsync("AZ-BAB", "access-consent");

        using (var withdrawn = await referral.Caseworker.PatchAsync(referral.CaseId, await referral.ETagAsync(), new JsonObject { ["consent"] = new JsonObject { ["referral"] = false } }))
        {
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        }

        await referral.AssertAccessEndedAsync("consent_withdrawn");
    }

    [Fact]
    public async Task Closing_the_case_ends_the_access_of_the_provider_that_completed_the_referral()
    {
        using var referral = await CompletedReferralAsync("AZ-BAL", "access-close");

        using (var closed = await referral.Caseworker.PostAsJsonAsync($"/api/cases/{referral.CaseId}/close", new { reason = "moved away" }))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        await referral.AssertAccessEndedAsync("case_closed");
    }

    private async Task<ReferralUnderTest> CompletedReferralAsync(string area, string providerId)
    {
        var referral = await OfferedReferralAsync(area, providerId);
        await referral.PostAsync("accept");
        await referral.PostAsync("complete", new { outcome = "service_provided" });
        await Eventually.GetAsync(
            async () => (await referral.Provider.GetFromJsonAsync<JsonObject>("/api/referrals?status=completed"))!["items"]!.AsArray(),
            items => items.Any(item => (string)item!["referralId"]! == referral.ReferralId),
            "the completed referral on the provider's list");
        return referral;
    }

    private async Task<ReferralUnderTest> OfferedReferralAsync(string area, string providerId)
    {
        using var admin = host.ClientFor(Roles.Admin);
        using (var saved = await admin.PutProviderAsync(providerId, ProviderSamples.Provider(services: ["legal"], admin1: [area], languages: ["az"])))
        {
            Assert.True(saved.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"PUT {providerId}: {saved.StatusCode}");
        }

        var caseworker = host.ClientFor(Roles.Caseworker, "org-access");
        var registration = CaseSamples.Registration();
        registration["survivor"]!["location"]!["admin1"] = area;
        registration["needs"] = new JsonArray(new JsonObject { ["serviceType"] = "legal", ["urgency"] = "priority" });
        using var registered = await caseworker.RegisterAsync(registration);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var caseId = (string)(await registered.ReadObjectAsync())["caseId"]!;
        var offered = await Eventually.GetAsync(
            async () => (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!["referrals"]!.AsArray()[0]!,
            referral => (string)referral["status"]! == "offered",
            "the offer");
        Assert.Equal(providerId, (string)offered["providerId"]!);
        return new ReferralUnderTest(caseworker, host.ClientFor(Roles.Provider, providerId: providerId), caseId, (string)offered["referralId"]!);
    }

    private sealed record ReferralUnderTest(HttpClient Caseworker, HttpClient Provider, string CaseId, string ReferralId) : IDisposable
    {
        public void Dispose()
        {
            Caseworker.Dispose();
            Provider.Dispose();
        }

        public async Task<JsonObject> ProviderViewAsync()
        {
            using var response = await Provider.GetAsync($"/api/referrals/{ReferralId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.ReadObjectAsync();
        }

        public async Task PostAsync(string action, object? body = null)
        {
            using var response = await Provider.PostAsync($"/api/referrals/{ReferralId}/{action}", body is null ? null : JsonContent.Create(body));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        public async Task<string> ETagAsync()
        {
            using var response = await Caseworker.GetAsync($"/api/cases/{CaseId}");
            return response.Headers.ETag!.Tag;
        }

        public async Task EditSurvivorAsync(string? phone = null, string? community = null)
        {
            var survivor = new JsonObject();
            if (phone is not null)
            {
                survivor["phone"] = phone;
            }

            if (community is not null)
            {
                survivor["location"] = new JsonObject { ["community"] = community };
            }

            using var response = await Caseworker.PatchAsync(CaseId, await ETagAsync(), new JsonObject { ["survivor"] = survivor });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        public async Task AssertAccessEndedAsync(string reason)
        {
            using (var read = await Provider.GetAsync($"/api/referrals/{ReferralId}"))
            {
                await read.AssertProblemAsync(HttpStatusCode.NotFound);
            }

            await Eventually.GetAsync(
                async () => (await Provider.GetFromJsonAsync<JsonObject>("/api/referrals"))!["items"]!.AsArray(),
                items => items.All(item => (string)item!["referralId"]! != ReferralId),
                "the referral gone from the provider's list");
            var history = (await Caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{CaseId}/history"))!["events"]!.AsArray();
            var ended = Assert.Single(history, item => (string)item!["type"]! == "referral.provider_access_ended")!;
            Assert.Equal(ReferralId, (string)ended["data"]!["referralId"]!);
            Assert.Equal(reason, (string)ended["data"]!["reason"]!);
            Assert.NotNull((DateTimeOffset?)ended["occurredAt"]);
        }
    }
}
