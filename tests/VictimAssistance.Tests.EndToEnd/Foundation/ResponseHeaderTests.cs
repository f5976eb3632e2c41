using System.Net;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Foundation;

/// <summary>No response may be kept by a cache, and none may be sniffed as another media type.</summary>
public sealed class ResponseHeaderTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task A_case_read_is_not_stored_and_not_sniffed()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-headers");
        var (caseId, _) = await RegisterAsync(client);

        using var response = await client.GetAsync($"/api/cases/{caseId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNotStoredNorSniffed(response);
    }

    [Fact]
    public async Task A_304_of_a_conditional_case_read_carries_both_headers_and_its_ETag()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-headers");
        var (caseId, etag) = await RegisterAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}");
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag!.Tag);
        AssertNotStoredNorSniffed(response);
    }

    [Fact]
    public async Task The_registration_the_list_and_the_history_are_not_stored_and_not_sniffed()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-headers");
        using var created = await client.RegisterAsync(CaseSamples.Registration(referralConsent: false));
        var caseId = (string)(await created.ReadObjectAsync())["caseId"]!;
        using var list = await client.GetAsync("/api/cases");
        using var history = await client.GetAsync($"/api/cases/{caseId}/history");

        foreach (var response in new[] { created, list, history })
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {response.StatusCode}");
            AssertNotStoredNorSniffed(response);
        }
    }

    [Theory]
    [InlineData("/api/statistics/export")]
    [InlineData("/api/statistics")]
    public async Task Statistics_are_not_stored_and_not_sniffed(string path)
    {
        using var client = host.ClientFor(Roles.Manager, "org-headers");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNotStoredNorSniffed(response);
    }

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/openapi.json")]
    [InlineData("/api/cases")]
    public async Task Anonymous_answers_and_problems_carry_both_headers(string path)
    {
        using var response = await host.Client.GetAsync(path);

        AssertNotStoredNorSniffed(response);
    }

    [Fact]
    public async Task The_empty_404_of_an_unknown_route_carries_both_headers()
    {
        using var client = host.ClientOutsideTheContract();

        using var response = await client.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertNotStoredNorSniffed(response);
    }

    // Without referral consent nothing works on the case after it is registered, so its ETag stays the 201's.
    private static async Task<(string CaseId, string ETag)> RegisterAsync(HttpClient client)
    {
        using var created = await client.RegisterAsync(CaseSamples.Registration(referralConsent: false));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((string)(await created.ReadObjectAsync())["caseId"]!, created.Headers.ETag!.Tag);
    }

    private static void AssertNotStoredNorSniffed(HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: Cache-Control {response.Headers.CacheControl}");
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }
}
