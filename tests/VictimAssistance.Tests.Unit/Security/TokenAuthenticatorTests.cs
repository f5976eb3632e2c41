using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Security;

/// <summary>
/// The bearer token rules with the development key, on tokens signed here: who is let in (401 otherwise), in which
/// role and scope (403 when the token holds no role of the route or no scope for it). Lifetimes are hours away
/// from now, or well inside the 60-second clock skew, so the time a test takes never decides its outcome.
/// </summary>
public sealed class TokenAuthenticatorTests
{
    private const string Key = "unit-tests-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789";
    private static readonly string[] CaseRoles = [Roles.Caseworker, Roles.Manager];

    [Fact]
    public async Task A_caseworker_token_gives_the_caseworker_role_scoped_to_its_organisation()
    {
        var outcome = await Local().AuthenticateAsync(Bearer(Token([Roles.Caseworker], organization: "org-a")), CaseRoles);

        Assert.Equal(AuthFailure.None, outcome.Failure);
        Assert.Equal(new Caller("user-1", Roles.Caseworker, new OrganizationScope("org-a")), outcome.Caller);
    }

    [Fact]
    public async Task A_provider_token_is_scoped_to_its_provider()
    {
        var outcome = await Local().AuthenticateAsync(Bearer(Token([Roles.Provider], providerId: "provider-a")), [Roles.Provider]);

        Assert.Equal(new Caller("user-1", Roles.Provider, new ProviderScope("provider-a")), outcome.Caller);
    }

    [Fact]
    public async Task An_admin_acts_as_admin_on_a_route_open_to_admins_whatever_other_roles_it_holds()
    {
        var token = Bearer(Token([Roles.Caseworker, Roles.Admin], organization: "org-a"));

        var outcome = await Local().AuthenticateAsync(token, [Roles.Caseworker, Roles.Admin]);

        Assert.Equal(new Caller("user-1", Roles.Admin, new AllRecords()), outcome.Caller);
    }

    [Fact]
    public async Task On_a_route_closed_to_admins_an_admin_acts_in_another_role_it_holds()
    {
        var outcome = await Local().AuthenticateAsync(Bearer(Token([Roles.Admin, Roles.Manager], organization: "org-a")), CaseRoles);

        Assert.Equal(new Caller("user-1", Roles.Manager, new OrganizationScope("org-a")), outcome.Caller);
    }

    [Fact]
    public async Task Of_several_roles_held_the_first_the_route_allows_is_the_one_acted_in()
    {
        var outcome = await Local().AuthenticateAsync(Bearer(Token([Roles.Manager, Roles.Caseworker], organization: "org-a")), CaseRoles);

        Assert.Equal(Roles.Caseworker, outcome.Caller!.Role);
    }

    [Fact]
    public async Task The_bearer_scheme_is_read_case_insensitively()
    {
        var outcome = await Local().AuthenticateAsync("bearer " + Token([Roles.Caseworker], organization: "org-a"), CaseRoles);

        Assert.Equal(AuthFailure.None, outcome.Failure);
    }

    [Fact]
    public async Task A_token_expired_within_the_clock_skew_is_accepted()
    {
        var token = DevelopmentTokens.Create(Key, "user-1", [Roles.Caseworker], DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromHours(1) - TimeSpan.FromSeconds(10), "org-a");

        var outcome = await Local().AuthenticateAsync(Bearer(token), CaseRoles);

        Assert.Equal(AuthFailure.None, outcome.Failure);
    }

    public static TheoryData<string, string?> Unauthenticated()
    {
        var now = DateTimeOffset.UtcNow;
        string[] caseworker = [Roles.Caseworker];
        return new()
        {
            { "no header", null },
            { "another scheme", "Basic " + Token(caseworker, organization: "org-a") },
            { "no token", "Bearer " },
            { "not a token", "Bearer not-a-token" },
            { "expired beyond the skew", Bearer(DevelopmentTokens.Create(Key, "u", caseworker, now.AddHours(-2), TimeSpan.FromHours(1), "org-a")) },
            { "not valid yet", Bearer(DevelopmentTokens.Create(Key, "u", caseworker, now.AddHours(1), TimeSpan.FromHours(1), "org-a")) },
            { "another audience", Bearer(DevelopmentTokens.Create(Key, "u", caseworker, now, TimeSpan.FromHours(1), "org-a", audience: "someone-else")) },
            { "another issuer", Bearer(DevelopmentTokens.Create(Key, "u", caseworker, now, TimeSpan.FromHours(1), "org-a", issuer: "https://evil.example")) },
            { "another key", Bearer(DevelopmentTokens.Create(new string('k', 64), "u", caseworker, now, TimeSpan.FromHours(1), "org-a")) },
            { "unsigned (alg none)", Bearer(Sign(Descriptor(Claims(caseworker, "org-a"), signing: null))) },
            { "another algorithm (HS512)", Bearer(Sign(Descriptor(Claims(caseworker, "org-a"), SecurityAlgorithms.HmacSha512))) },
            { "no expiry", Bearer(Sign(Descriptor(Claims(caseworker, "org-a"), expires: false))) },
            { "a crit header", Bearer(Sign(Descriptor(Claims(caseworker, "org-a"), header: new Dictionary<string, object> { ["crit"] = new[] { "exp" } }))) },
            { "no subject", Bearer(Sign(Descriptor(Without(Claims(caseworker, "org-a"), "sub")))) },
            { "a blank subject", Bearer(Sign(Descriptor(With(Claims(caseworker, "org-a"), "sub", " ")))) },
            { "an organisation array", Bearer(Sign(Descriptor(With(Claims(caseworker, null), "org", new[] { "org-a" })))) },
            { "a numeric organisation", Bearer(Sign(Descriptor(With(Claims(caseworker, null), "org", 7)))) },
            { "a provider id array", Bearer(Sign(Descriptor(With(Claims([Roles.Provider], null), "provider_id", new[] { "p-1", "p-2" })))) },
        };
    }

    [Theory]
    [MemberData(nameof(Unauthenticated))]
    public async Task A_request_without_a_valid_token_is_unauthenticated(string why, string? authorization)
    {
        var outcome = await Local().AuthenticateAsync(authorization, [Roles.Caseworker, Roles.Provider]);

        Assert.True(outcome.Failure == AuthFailure.Unauthenticated, why);
        Assert.Null(outcome.Caller);
    }

    public static TheoryData<string, string> Forbidden() => new()
    {
        { "no role", Token([], organization: "org-a") },
        { "an unknown role", Token(["root"], organization: "org-a") },
        { "a role the route does not allow", Token([Roles.Provider], providerId: "provider-a") },
        { "the system role", Token([Roles.System], organization: "org-a") },
        { "a caseworker without an organisation", Token([Roles.Caseworker]) },
        { "a caseworker with a blank organisation", Sign(Descriptor(With(Claims([Roles.Caseworker], null), "org", " "))) },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task A_valid_token_without_a_role_or_scope_for_the_route_is_forbidden(string why, string token)
    {
        var outcome = await Local().AuthenticateAsync(Bearer(token), CaseRoles);

        Assert.True(outcome.Failure == AuthFailure.Forbidden, why);
        Assert.Null(outcome.Caller);
    }

    [Fact]
    public async Task A_provider_without_a_provider_id_is_forbidden()
    {
        var outcome = await Local().AuthenticateAsync(Bearer(Token([Roles.Provider], organization: "org-a")), [Roles.Provider]);

        Assert.Equal(AuthFailure.Forbidden, outcome.Failure);
    }

    [Fact]
    public async Task The_organisation_claim_is_read_under_its_configured_name()
    {
        var authenticator = Authenticator(new AuthOptions { DevSigningKey = Key, OrganizationClaim = "tenant_org" }, inAzure: false);
        var token = Sign(Descriptor(With(Claims([Roles.Caseworker], organization: "ignored"), "tenant_org", "org-b")));

        var outcome = await authenticator.AuthenticateAsync(Bearer(token), CaseRoles);

        Assert.Equal(new OrganizationScope("org-b"), outcome.Caller!.Scope);
    }

    [Fact]
    public async Task With_no_key_and_no_authority_configured_every_token_is_refused()
    {
        var authenticator = Authenticator(new AuthOptions(), inAzure: false);

        var outcome = await authenticator.AuthenticateAsync(Bearer(Token([Roles.Admin])), [Roles.Admin]);

        Assert.Equal(AuthFailure.Unauthenticated, outcome.Failure);
    }

    [Fact]
    public async Task In_Azure_a_development_key_signs_nothing_that_is_accepted()
    {
        var authenticator = Authenticator(new AuthOptions { DevSigningKey = Key }, inAzure: true);

        var outcome = await authenticator.AuthenticateAsync(Bearer(Token([Roles.Admin])), [Roles.Admin]);

        Assert.Equal(AuthFailure.Unauthenticated, outcome.Failure);
    }

    private static TokenAuthenticator Local() => Authenticator(new AuthOptions { DevSigningKey = Key }, inAzure: false);

    private static TokenAuthenticator Authenticator(AuthOptions options, bool inAzure) =>
        new(Options.Create(options), new HostingEnvironmentInfo(IsLocalDevelopment: !inAzure), NullLogger<TokenAuthenticator>.Instance);

    private static string Bearer(string token) => "Bearer " + token;

    private static string Token(string[] roles, string? organization = null, string? providerId = null) =>
        DevelopmentTokens.Create(Key, "user-1", roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), organization, providerId);

    private static Dictionary<string, object> Claims(string[] roles, string? organization)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "user-1", ["roles"] = roles };
        if (organization is not null)
        {
            claims["org"] = organization;
        }

        return claims;
    }

    private static Dictionary<string, object> With(Dictionary<string, object> claims, string name, object value)
    {
        claims[name] = value;
        return claims;
    }

    private static Dictionary<string, object> Without(Dictionary<string, object> claims, string name)
    {
        claims.Remove(name);
        return claims;
    }

    /// <summary>A token as the development issuer writes it, valid for an hour, with what a test changes.</summary>
    private static SecurityTokenDescriptor Descriptor(
        Dictionary<string, object> claims,
        string? signing = SecurityAlgorithms.HmacSha256,
        bool expires = true,
        Dictionary<string, object>? header = null)
    {
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.DevIssuer,
            Audience = AuthOptions.DevAudience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires ? now.AddHours(1) : null,
            SigningCredentials = signing is null ? null : new SigningCredentials(DevelopmentTokens.SigningKey(Key), signing),
            AdditionalHeaderClaims = header,
        };
    }

    private static string Sign(SecurityTokenDescriptor descriptor) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
}
