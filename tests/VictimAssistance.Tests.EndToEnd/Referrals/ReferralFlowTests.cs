using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Referrals;

/// <summary>
/// Referrals end to end on the LocalHost: the route-referral queue is consumed by the app itself, providers answer
/// over HTTP. Each test uses its own admin1 code, so the providers of one test never match another's survivors.
/// </summary>
public sealed class ReferralFlowTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task Four_needs_are_offered_to_the_right_providers_then_accepted_completed_declined_rerouted_unmet_and_offered_to_a_new_provider()
    {
        const string Area = "AZ-ORD";
        using var admin = host.ClientFor(Roles.Admin);
        await PutAsync(admin, "flow-rehab", Provider(Area, ["rehabilitation", "medical"], ["az"]));
        await PutAsync(admin, "flow-psy", Provider(Area, ["psychosocial"], ["az"]));
        await PutAsync(admin, "flow-live-a", Provider(Area, ["livelihood"], ["ru"]));
        await PutAsync(admin, "flow-live-b", Provider(Area, ["livelihood"], ["az"]));
        await PutAsync(admin, "flow-legal", Provider(Area, ["legal"], ["en"]));
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-flow");
        var caseId = await RegisterAsync(caseworker, Area, "rehabilitation", "psychosocial", "livelihood", "legal");

        var offered = await WaitForReferralsAsync(caseworker, caseId, referrals => referrals.All(referral => Status(referral) == "offered"), "all four offered");
        Assert.Equal("flow-rehab", ProviderOf(offered, "rehabilitation"));
        Assert.Equal("flow-psy", ProviderOf(offered, "psychosocial"));
        Assert.Equal("flow-live-b", ProviderOf(offered, "livelihood"));
        Assert.Equal("flow-legal", ProviderOf(offered, "legal"));
        Assert.All(offered, referral => Assert.NotNull(referral!["respondBy"]));

        using var rehab = host.ClientFor(Roles.Provider, providerId: "flow-rehab");
        var rehabId = IdOf(offered, "rehabilitation");
        Assert.Equal("accepted", Status(await PostOkAsync(rehab, $"/api/referrals/{rehabId}/accept")));
        Assert.Equal("completed", Status(await PostOkAsync(rehab, $"/api/referrals/{rehabId}/complete", new { outcome = "service_provided", notes = "Prosthesis fitted." })));
        using (var again = await rehab.PostAsync($"/api/referrals/{rehabId}/accept", null))
        {
            await again.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        var livelihoodId = IdOf(offered, "livelihood");
        using var liveB = host.ClientFor(Roles.Provider, providerId: "flow-live-b");
        Assert.Equal("requested", Status(await PostOkAsync(liveB, $"/api/referrals/{livelihoodId}/decline", new { reason = "No places this season." })));
        var rerouted = await WaitForReferralsAsync(caseworker, caseId, referrals => ProviderOf(referrals, "livelihood") == "flow-live-a", "the livelihood referral re-routed");
        Assert.Equal("offered", Status(rerouted.Single(referral => (string)referral!["referralId"]! == livelihoodId)));

        using var liveA = host.ClientFor(Roles.Provider, providerId: "flow-live-a");
        await PostOkAsync(liveA, $"/api/referrals/{livelihoodId}/decline", new { reason = "Outside our programme." });
        await WaitForReferralsAsync(caseworker, caseId, referrals => StatusOf(referrals, "livelihood") == "unmet", "the livelihood referral unmet");

        await PutAsync(admin, "flow-live-c", Provider(Area, ["livelihood"], []));
        await WaitForReferralsAsync(caseworker, caseId, referrals => ProviderOf(referrals, "livelihood") == "flow-live-c", "the unmet referral offered to the new provider");

        var history = (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}/history"))!["events"]!.AsArray();
        var livelihoodEvents = history.Where(item => (string?)item!["data"]!["referralId"] == livelihoodId && ((string)item["type"]!).StartsWith("referral.", StringComparison.Ordinal)).Select(item => (string)item!["type"]!).ToList();
        Assert.Equal(
            ["referral.requested", "referral.offered", "referral.declined", "referral.offered", "referral.declined", "referral.unmet", "referral.offered"],
            livelihoodEvents);
        Assert.All(history.Where(item => (string)item!["type"]! is "referral.offered" or "referral.unmet"), item => Assert.Equal("system", (string)item!["actor"]!["role"]!));
        Assert.Equal("provider", (string)history.Single(item => (string)item!["type"]! == "referral.accepted")!["actor"]!["role"]!);
        var summary = await Eventually.GetAsync(
            async () => (await caseworker.GetFromJsonAsync<JsonObject>("/api/cases"))!["items"]!.AsArray().Single(item => (string)item!["caseId"]! == caseId)!,
            item => (int)item["openReferrals"]! == 3,
            "the summary counting three open referrals");
        Assert.Equal(3, (int)summary["openReferrals"]!);
    }

    [Fact]
    public async Task A_provider_sees_only_its_own_referrals_and_another_providers_referral_is_404_for_every_route()
    {
        const string Area = "AZ-QAB";
        using var admin = host.ClientFor(Roles.Admin);
        await PutAsync(admin, "own-legal", Provider(Area, ["legal"], ["az"]));
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-own");
        var caseId = await RegisterAsync(caseworker, Area, "legal");
        var referralId = IdOf(await WaitForReferralsAsync(caseworker, caseId, referrals => Status(referrals[0]) == "offered", "the offer"), "legal");

        using var owner = host.ClientFor(Roles.Provider, providerId: "own-legal");
        var mine = await Eventually.GetAsync(() => owner.GetFromJsonAsync<JsonObject>("/api/referrals")!, page => page!["items"]!.AsArray().Count == 1, "the provider's list");
        Assert.Equal(referralId, (string)mine!["items"]![0]!["referralId"]!);
        using var stranger = host.ClientFor(Roles.Provider, providerId: "other-provider");
        Assert.Empty((await stranger.GetFromJsonAsync<JsonObject>("/api/referrals"))!["items"]!.AsArray());

        foreach (var (method, url, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"/api/referrals/{referralId}", null),
            (HttpMethod.Post, $"/api/referrals/{referralId}/accept", null),
            (HttpMethod.Post, $"/api/referrals/{referralId}/decline", new { reason = "not mine" }),
            (HttpMethod.Post, $"/api/referrals/{referralId}/complete", new { outcome = "not_provided" }),
            (HttpMethod.Get, "/api/referrals/ffffffffffffffffffffffffffffffff", null),
            (HttpMethod.Get, "/api/referrals/x'%20or%20''='", null),
        })
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await stranger.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using var caseworkerReads = await caseworker.GetAsync($"/api/referrals/{referralId}");
        await caseworkerReads.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var adminList = await admin.GetAsync("/api/referrals");
        await adminList.AssertValidationProblemAsync("providerId");
        using var ownerNamesOther = await owner.GetAsync("/api/referrals?providerId=other-provider");
        await ownerNamesOther.AssertValidationProblemAsync("providerId");
        using var badToken = await owner.GetAsync("/api/referrals?continuationToken=bm90LWEtcm93LWtleQ");
        await badToken.AssertValidationProblemAsync("continuationToken");
        using var declineWithoutReason = await owner.PostAsJsonAsync($"/api/referrals/{referralId}/decline", new { reason = "  " });
        await declineWithoutReason.AssertValidationProblemAsync("reason");
        using var adminReads = await admin.GetAsync($"/api/referrals/{referralId}");
        Assert.Equal(HttpStatusCode.OK, adminReads.StatusCode);
    }

    [Fact]
    public async Task The_minimum_data_view_holds_field_by_field_for_every_service_type()
    {
        const string Area = "AZ-QAX";
        using var admin = host.ClientFor(Roles.Admin);
        await PutAsync(admin, "view-all", Provider(Area, [.. Vocabularies.ServiceType], ["az"]));
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-view");
        var caseId = await RegisterAsync(caseworker, Area, [.. Vocabularies.ServiceType]);
        var offered = await WaitForReferralsAsync(caseworker, caseId, referrals => referrals.All(referral => Status(referral) == "offered"), "every service offered");
        using var provider = host.ClientFor(Roles.Provider, providerId: "view-all");

        foreach (var serviceType in Vocabularies.ServiceType)
        {
            var view = (await provider.GetFromJsonAsync<JsonObject>($"/api/referrals/{IdOf(offered, serviceType)}"))!;
            var withIncident = serviceType is "medical" or "rehabilitation";
            Assert.Equal(withIncident ? ["referral", "survivor", "incident"] : ["referral", "survivor"], view.Select(pair => pair.Key));
            Assert.Equal(
                ["referralId", "serviceType", "urgency", "notes", "status", "providerId", "createdAt", "updatedAt", "respondBy"],
                view["referral"]!.AsObject().Select(pair => pair.Key));
            Assert.Equal(serviceType, (string)view["referral"]!["serviceType"]!);
            var survivor = view["survivor"]!.AsObject();
            Assert.Equal(["givenName", "familyName", "sex", "age", "phone", "preferredLanguage", "location", "functioning"], survivor.Select(pair => pair.Key));
            Assert.Equal(CaseSamples.GivenName, (string)survivor["givenName"]!);
            Assert.Equal(CaseSamples.Phone, (string)survivor["phone"]!);
            Assert.Equal(ExpectedAge(), (int)survivor["age"]!);
            Assert.Equal(Area, (string)survivor["location"]!["admin1"]!);
            Assert.Equal(4, (int)survivor["functioning"]!["walking"]!);
            if (withIncident)
            {
                Assert.Equal(["injuries", "deviceType"], view["incident"]!.AsObject().Select(pair => pair.Key));
                Assert.Equal("antipersonnel_mine", (string)view["incident"]!["deviceType"]!);
            }

            var text = view.ToJsonString();
            foreach (var hidden in new[] { "consent", "givenBy", "legalBasis", "history", "referrals", "farming", "civilian", "dateOfBirth", "estimatedAge" })
            {
                Assert.DoesNotContain(hidden, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Closing_a_case_cancels_its_offers_and_frees_the_capacity()
    {
        const string Area = "AZ-QAZ";
        using var admin = host.ClientFor(Roles.Admin);
        await PutAsync(admin, "single-slot", Provider(Area, ["education"], ["az"], capacity: 1));
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-close");
        var first = await RegisterAsync(caseworker, Area, "education");
        await WaitForReferralsAsync(caseworker, first, referrals => Status(referrals[0]) == "offered", "the first offer");
        var second = await RegisterAsync(caseworker, Area, "education");
        await WaitForReferralsAsync(caseworker, second, referrals => Status(referrals[0]) == "unmet", "the second unmet: the only slot is taken");

        using (var close = await caseworker.PostAsJsonAsync($"/api/cases/{first}/close", new { reason = "moved away" }))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        await WaitForReferralsAsync(caseworker, second, referrals => Status(referrals[0]) == "offered", "the second offered once the slot was freed");
        Assert.DoesNotContain(ProviderSamples.Secret["whsec_".Length..], host.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(CaseSamples.Phone, host.Logs.All, StringComparison.Ordinal);
    }

    private static int ExpectedAge()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var born = new DateOnly(1988, 3, 14);
        return today.Year - born.Year - (born.AddYears(today.Year - born.Year) > today ? 1 : 0);
    }

    private static JsonObject Provider(string area, string[] services, string[] languages, int capacity = 10)
    {
        var provider = ProviderSamples.Provider(services: services, admin1: [area], languages: languages, capacity: capacity, withWebhook: true);
        return provider;
    }

    private static async Task PutAsync(HttpClient admin, string providerId, JsonObject provider)
    {
        using var response = await admin.PutProviderAsync(providerId, provider);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"PUT {providerId}: {response.StatusCode}");
    }

    private static async Task<string> RegisterAsync(HttpClient caseworker, string area, params string[] serviceTypes)
    {
        var registration = CaseSamples.Registration();
        registration["survivor"]!["location"]!["admin1"] = area;
        registration["needs"] = new JsonArray(serviceTypes.Select(serviceType => (JsonNode?)new JsonObject { ["serviceType"] = serviceType, ["urgency"] = "priority" }).ToArray());
        using var response = await caseworker.RegisterAsync(registration);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["caseId"]!;
    }

    private static Task<JsonArray> WaitForReferralsAsync(HttpClient caseworker, string caseId, Func<JsonArray, bool> done, string what) =>
        Eventually.GetAsync(async () => (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!["referrals"]!.AsArray(), done, what);

    private static async Task<JsonObject> PostOkAsync(HttpClient client, string url, object? body = null)
    {
        using var response = await client.PostAsync(url, body is null ? null : JsonContent.Create(body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadObjectAsync();
    }

    private static string Status(JsonNode? referral) => (string)referral!["status"]!;

    private static JsonNode Of(JsonArray referrals, string serviceType) => referrals.Single(referral => (string)referral!["serviceType"]! == serviceType)!;

    private static string IdOf(JsonArray referrals, string serviceType) => (string)Of(referrals, serviceType)["referralId"]!;

    private static string? ProviderOf(JsonArray referrals, string serviceType) => (string?)Of(referrals, serviceType)["providerId"];

    private static string StatusOf(JsonArray referrals, string serviceType) => Status(Of(referrals, serviceType));
}
