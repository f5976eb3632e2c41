using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Contract;

/// <summary>
/// Tokens that are correctly signed and current but say something the service cannot take as meant: an
/// organisation or provider that is not one string, or a critical header extension it does not understand.
/// </summary>
public sealed class TokenClaimTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    public static TheoryData<string, string, object?> ClaimsThatAreNotOneString() => new()
    {
        { Roles.Caseworker, "org", new[] { "org-a", "org-b" } },
        { Roles.Caseworker, "org", new[] { "org-a" } },
        { Roles.Caseworker, "org", 42 },
        { Roles.Caseworker, "org", new Dictionary<string, object> { ["id"] = "org-a" } },
        { Roles.Caseworker, "org", null },
        { Roles.Admin, "org", new[] { "org-a", "org-b" } },
        { Roles.Provider, "provider_id", new[] { "provider-a", "provider-b" } },
    };

    [Fact]
    public async Task A_token_crafted_the_same_way_with_one_string_is_accepted()
    {
        using var response = await SendAsync(Token(Roles.Caseworker, new() { ["org"] = "org-claims" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ClaimsThatAreNotOneString))]
    public async Task An_organisation_or_provider_claim_that_is_not_one_string_is_401(string role, string claim, object? value)
    {
        var claims = new Dictionary<string, object?> { ["org"] = "org-claims", [claim] = value };

        using var response = await SendAsync(Token(role, claims));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""["https://example.test/unknown-extension"]""")]
    [InlineData("""["exp"]""")]
    [InlineData("[]")]
    public async Task A_token_with_a_crit_header_is_401_since_no_extension_is_understood(string crit)
    {
        var header = new Dictionary<string, object>
        {
            ["crit"] = JsonSerializer.Deserialize<JsonElement>(crit),
            ["https://example.test/unknown-extension"] = true,
        };

        using var response = await SendAsync(Token(Roles.Caseworker, new() { ["org"] = "org-claims" }, header));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string Token(string role, Dictionary<string, object?> claims, Dictionary<string, object>? header = null)
    {
        claims["sub"] = "claims-test";
        claims["roles"] = new[] { role };
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.DevIssuer,
            Audience = AuthOptions.DevAudience,
            Claims = claims!,
            AdditionalHeaderClaims = header,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(DevelopmentTokens.SigningKey(LocalHostFixture.SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<HttpResponseMessage> SendAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases?organization=org-claims");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Client.SendAsync(request);
    }
}
