using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VictimAssistance.Core.Security;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Foundation;

/// <summary>
/// The Azure configuration: RS256 tokens from an OpenID Connect authority (here a real one on loopback serving
/// discovery metadata and keys), with the organisation in a directory-extension claim.
/// </summary>
public sealed class EntraAuthenticationTests(EntraAuthenticationTests.EntraHost host) : IClassFixture<EntraAuthenticationTests.EntraHost>
{
    [Fact]
    public async Task An_RS256_token_from_the_authority_is_accepted_with_the_organisation_from_the_configured_claim()
    {
        using var response = await SendAsync(host.Issue(host.AuthorityKey, new() { ["roles"] = new[] { Roles.Caseworker }, ["extn.org"] = "org-entra" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_401()
    {
        using var otherKey = RSA.Create(2048);

        using var response = await SendAsync(host.Issue(new RsaSecurityKey(otherKey) { KeyId = host.AuthorityKey.KeyId }, new() { ["roles"] = new[] { Roles.Caseworker }, ["extn.org"] = "org-entra" }));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_HS256_token_keyed_with_the_public_key_is_401()
    {
        var publicKeyBytes = Encoding.UTF8.GetBytes(host.AuthorityKey.Rsa.ExportSubjectPublicKeyInfoPem());
        var confused = new SymmetricSecurityKey(publicKeyBytes) { KeyId = host.AuthorityKey.KeyId };

        using var response = await SendAsync(host.Issue(confused, new() { ["roles"] = new[] { Roles.Caseworker }, ["extn.org"] = "org-entra" }, SecurityAlgorithms.HmacSha256));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_development_token_is_401_when_Entra_is_configured()
    {
        using var response = await SendAsync(LocalHostFixture.Token(Roles.Caseworker, "org-entra"));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_caseworker_token_without_the_organisation_claim_is_403()
    {
        using var response = await SendAsync(host.Issue(host.AuthorityKey, new() { ["roles"] = new[] { Roles.Caseworker }, ["org"] = "org-entra" }));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<HttpResponseMessage> SendAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Client.SendAsync(request);
    }

    public sealed class EntraHost : LocalHostFixture
    {
        private const string Audience = "api://victim-assistance-tests";
        private WebApplication? authority;

        public RsaSecurityKey AuthorityKey { get; } = new(RSA.Create(2048)) { KeyId = "test-key-1" };

        public string Issuer { get; private set; } = string.Empty;

        public string Issue(SecurityKey key, Dictionary<string, object> claims, string algorithm = SecurityAlgorithms.RsaSha256)
        {
            claims["sub"] = "entra-user";
            var now = DateTime.UtcNow;
            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = Audience,
                Claims = claims,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddHours(1),
                SigningCredentials = new SigningCredentials(key, algorithm),
            });
        }

        public override async Task InitializeAsync()
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/tenant/v2.0/.well-known/openid-configuration", context => WriteJsonAsync(
                context, new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = $"{Issuer}/keys" }));
            app.MapGet("/tenant/v2.0/keys", context => WriteJsonAsync(
                context, new JsonObject { ["keys"] = new JsonArray(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(PublicJwk()))) }));
            await app.StartAsync();
            authority = app;
            Issuer = $"{LocalHostApp.ListeningAddresses(app).Single()}/tenant/v2.0";
            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (authority is not null)
            {
                await authority.DisposeAsync();
            }
        }

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Auth:DevSigningKey"] = string.Empty;
            settings["Auth:Authority"] = Issuer;
            settings["Auth:Audience"] = Audience;
            settings["Auth:OrganizationClaim"] = "extn.org";
            return settings;
        }

        private static Task WriteJsonAsync(HttpContext context, JsonObject body)
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(body.ToJsonString());
        }

        private Dictionary<string, string> PublicJwk()
        {
            var parameters = AuthorityKey.Rsa.ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = AuthorityKey.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        }
    }
}
