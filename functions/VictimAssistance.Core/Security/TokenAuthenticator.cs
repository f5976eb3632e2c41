using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace VictimAssistance.Core.Security;

public enum AuthFailure
{
    None,
    Unauthenticated,
    Forbidden,
}

public sealed record AuthOutcome(Caller? Caller, AuthFailure Failure)
{
    public static AuthOutcome Unauthenticated { get; } = new(null, AuthFailure.Unauthenticated);

    public static AuthOutcome Forbidden { get; } = new(null, AuthFailure.Forbidden);
}

/// <summary>
/// Validates bearer tokens with Microsoft.IdentityModel: HS256 with the development key locally, RS256 from
/// Microsoft Entra ID (OpenID Connect metadata) in Azure. With neither configured every token is refused.
/// </summary>
public sealed partial class TokenAuthenticator
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private readonly JsonWebTokenHandler handler = new();
    private readonly TokenValidationParameters? parameters;
    private readonly AuthOptions options;
    private readonly ILogger<TokenAuthenticator> logger;

    public TokenAuthenticator(IOptions<AuthOptions> options, HostingEnvironmentInfo environment, ILogger<TokenAuthenticator> logger)
    {
        this.options = options.Value;
        this.logger = logger;
        parameters = CreateParameters(this.options, environment);
        if (parameters is null)
        {
            LogNotConfigured(logger);
        }
    }

    public async Task<AuthOutcome> AuthenticateAsync(string? authorizationHeader, IReadOnlyCollection<string> allowedRoles)
    {
        const string scheme = "Bearer ";
        if (parameters is null
            || authorizationHeader is null
            || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return AuthOutcome.Unauthenticated;
        }

        var result = await handler.ValidateTokenAsync(authorizationHeader[scheme.Length..].Trim(), parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            LogRejected(logger);
            return AuthOutcome.Unauthenticated;
        }

        return Authorize(result.ClaimsIdentity, allowedRoles);
    }

    private AuthOutcome Authorize(ClaimsIdentity identity, IReadOnlyCollection<string> allowedRoles)
    {
        var subject = identity.FindFirst("sub")?.Value;
        if (string.IsNullOrWhiteSpace(subject))
        {
            return AuthOutcome.Unauthenticated;
        }

        var held = identity.FindAll("roles").Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);
        var role = allowedRoles.Contains(Roles.Admin) && held.Contains(Roles.Admin)
            ? Roles.Admin
            : allowedRoles.FirstOrDefault(held.Contains);
        if (role is null)
        {
            return AuthOutcome.Forbidden;
        }

        var organization = NonEmpty(identity.FindFirst(options.OrganizationClaim)?.Value);
        var providerId = NonEmpty(identity.FindFirst(options.ProviderClaim)?.Value);
        CallerScope? scope = role switch
        {
            Roles.Caseworker or Roles.Manager => organization is null ? null : new OrganizationScope(organization),
            Roles.Provider => providerId is null ? null : new ProviderScope(providerId),
            _ => new AllRecords(),
        };
        return scope is null
            ? AuthOutcome.Forbidden
            : new AuthOutcome(new Caller(subject, role, scope), AuthFailure.None);
    }

    // A loopback authority (a test's own OpenID Connect server) may use plain HTTP, and never in Azure.
    private static bool RequiresHttps(string authority, HostingEnvironmentInfo environment) =>
        environment.IsRunningInAzure || !Uri.TryCreate(authority, UriKind.Absolute, out var uri) || !uri.IsLoopback;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static TokenValidationParameters? CreateParameters(AuthOptions options, HostingEnvironmentInfo environment)
    {
        if (!string.IsNullOrEmpty(options.DevSigningKey))
        {
            return new TokenValidationParameters
            {
                ValidIssuer = AuthOptions.DevIssuer,
                ValidAudience = AuthOptions.DevAudience,
                IssuerSigningKey = DevelopmentTokens.SigningKey(options.DevSigningKey),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                ClockSkew = ClockSkew,
            };
        }

        if (!string.IsNullOrEmpty(options.Authority) && !string.IsNullOrEmpty(options.Audience))
        {
            var metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
                $"{options.Authority.TrimEnd('/')}/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = RequiresHttps(options.Authority, environment) });
            return new TokenValidationParameters
            {
                ConfigurationManager = metadata,
                ValidAudience = options.Audience,
                ValidateIssuer = true,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                ClockSkew = ClockSkew,
            };
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No authentication is configured (Auth:DevSigningKey or Auth:Authority + Auth:Audience): every protected route answers 401.")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer token rejected.")]
    private static partial void LogRejected(ILogger logger);
}
