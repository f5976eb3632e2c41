using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace VictimAssistance.Tests.Browser;

/// <summary>How the LocalHost serves the app: its headers, its configuration and the development sign-in.</summary>
[Collection(SharedBrowser.Name)]
public sealed class HostingTests(BrowserFixture host)
{
    [Fact]
    public async Task The_page_is_served_with_a_strict_policy_and_is_never_cached()
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_development_sign_in_issues_a_token_the_API_accepts_for_the_organisation_chosen()
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var signIn = await client.PostAsJsonAsync("/dev/sign-in", new JsonObject { ["role"] = "caseworker", ["organization"] = "org-dev-sign-in" });
        var token = (await signIn.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases");
        request.Headers.Authorization = new("Bearer", token);
        using var cases = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
        Assert.True(signIn.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task The_development_sign_in_refuses_a_role_the_API_does_not_have()
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var signIn = await client.PostAsJsonAsync("/dev/sign-in", new JsonObject { ["role"] = "system" });

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }
}
