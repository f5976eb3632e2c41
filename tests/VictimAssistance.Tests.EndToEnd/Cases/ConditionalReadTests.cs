using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>GET of a case with If-None-Match (RFC 9110 §13.1.2): 304 while the client's copy is current.</summary>
public sealed class ConditionalReadTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"0\", {0}")]
    [InlineData("*")]
    public async Task A_read_whose_If_None_Match_matches_the_current_ETag_is_304_without_a_body(string ifNoneMatch)
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-conditional");
        var (caseId, etag) = await RegisterAsync(client);

        using var response = await GetAsync(client, caseId, string.Format(System.Globalization.CultureInfo.InvariantCulture, ifNoneMatch, etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag!.Tag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task After_a_change_the_old_ETag_reads_the_case_again_with_its_new_ETag()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-conditional");
        var (caseId, etag) = await RegisterAsync(client);
        using (var patched = await client.PatchAsync(caseId, etag, new JsonObject { ["legalBasis"] = "vital_interest" }))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using var response = await GetAsync(client, caseId, etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag!.Tag);
        Assert.Equal("vital_interest", (string)(await response.ReadObjectAsync())["legalBasis"]!);
    }

    [Theory]
    [InlineData("\"999\"")]
    [InlineData("not an entity tag")]
    public async Task An_If_None_Match_that_matches_nothing_or_is_malformed_reads_the_case(string ifNoneMatch)
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-conditional");
        var (caseId, _) = await RegisterAsync(client);

        using var response = await GetAsync(client, caseId, ifNoneMatch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(caseId, (string)(await response.ReadObjectAsync())["caseId"]!);
    }

    [Fact]
    public async Task Another_organisations_case_is_404_even_with_If_None_Match_star()
    {
        using var owner = host.ClientFor(Roles.Caseworker, "org-conditional");
        var (caseId, _) = await RegisterAsync(owner);
        using var stranger = host.ClientFor(Roles.Caseworker, "org-conditional-other");

        using var response = await GetAsync(stranger, caseId, "*");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    // Without referral consent nothing works on the case after it is registered, so its ETag stays the 201's.
    private static async Task<(string CaseId, string ETag)> RegisterAsync(HttpClient client)
    {
        using var created = await client.RegisterAsync(CaseSamples.Registration(referralConsent: false));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((string)(await created.ReadObjectAsync())["caseId"]!, created.Headers.ETag!.Tag);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string caseId, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}");
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return client.SendAsync(request);
    }
}
