using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Foundation;

public sealed class AuthenticationTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string ProtectedRoute = "/api/cases?organization=org-a";

    public static TheoryData<string, string> RejectedTokens()
    {
        var now = DateTimeOffset.UtcNow;
        string[] caseworker = [Roles.Caseworker];
        return new TheoryData<string, string>
        {
            { "expired", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "u", caseworker, now.AddHours(-2), TimeSpan.FromMinutes(30), "org-a") },
            { "not yet valid", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "u", caseworker, now.AddMinutes(10), TimeSpan.FromHours(1), "org-a") },
            { "wrong audience", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "u", caseworker, now, TimeSpan.FromHours(1), "org-a", audience: "someone-else") },
            { "wrong issuer", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "u", caseworker, now, TimeSpan.FromHours(1), "org-a", issuer: "evil") },
            { "wrong key", DevelopmentTokens.Create("another-key-that-is-long-enough-0123456789", "u", caseworker, now, TimeSpan.FromHours(1), "org-a") },
            { "alg none", Unsigned(now) },
            { "HS512 with the right key", Signed(now, SecurityAlgorithms.HmacSha512) },
            { "no expiry", Signed(now, SecurityAlgorithms.HmacSha256, withExpiry: false) },
            { "garbage", "not-a-jwt" },
        };
    }

    [Fact]
    public async Task Missing_token_is_401_problem_with_bearer_challenge()
    {
        using var response = await host.Client.GetAsync(ProtectedRoute);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task Invalid_tokens_are_401(string reason, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ProtectedRoute);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await host.Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, reason);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(Roles.Provider, null, "provider-1")]
    [InlineData(Roles.Manager, "org-a", null)]
    [InlineData(Roles.Caseworker, null, null)]
    public async Task Role_not_allowed_or_missing_scope_claim_is_403(string role, string? organization, string? providerId)
    {
        using var client = host.ClientFor(role, organization, providerId);

        using var response = await client.GetAsync("/api/cases");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Valid_caseworker_token_is_accepted()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-auth-ok");

        using var response = await client.GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Unsigned(DateTimeOffset now)
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var payload = $"{{\"sub\":\"u\",\"roles\":[\"caseworker\"],\"org\":\"org-a\",\"iss\":\"{AuthOptions.DevIssuer}\",\"aud\":\"{AuthOptions.DevAudience}\",\"exp\":{now.AddHours(1).ToUnixTimeSeconds()}}}";
        return $"{Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Encode(payload)}.";
    }

    private static string Signed(DateTimeOffset now, string algorithm, bool withExpiry = true)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.DevIssuer,
            Audience = AuthOptions.DevAudience,
            Claims = new Dictionary<string, object> { ["sub"] = "u", ["roles"] = new[] { Roles.Caseworker }, ["org"] = "org-a" },
            Expires = withExpiry ? now.AddHours(1).UtcDateTime : null,
            SigningCredentials = new SigningCredentials(DevelopmentTokens.SigningKey(LocalHostFixture.SigningKey), algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}

/// <summary>No authentication configured at all: the service fails closed.</summary>
public sealed class FailClosedTests(FailClosedTests.UnconfiguredHost host) : IClassFixture<FailClosedTests.UnconfiguredHost>
{
    [Fact]
    public async Task Every_protected_route_is_401_even_with_a_well_formed_token()
    {
        using var client = host.ClientFor(Roles.Admin);

        using var response = await client.GetAsync("/api/cases?organization=org-a");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Anonymous_health_still_answers()
    {
        using var response = await host.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public sealed class UnconfiguredHost : LocalHostFixture
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Auth:DevSigningKey"] = string.Empty;
            settings["Auth:Authority"] = string.Empty;
            settings["Auth:Audience"] = string.Empty;
            return settings;
        }
    }
}
