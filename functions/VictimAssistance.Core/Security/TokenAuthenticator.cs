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
/// Validates bearer tokens with Microsoft.IdentityModel: HS256 with the development key locally (never in Azure),
/// RS256 from Microsoft Entra ID (OpenID Connect metadata) in Azure. With neither configured every token is refused.
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

        if (!SingleStringClaim(identity, options.OrganizationClaim, out var organization) || !SingleStringClaim(identity, options.ProviderClaim, out var providerId))
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

        CallerScope? scope = role switch
        {
            Roles.Caseworker or Roles.Manager => organization is null ? null : new OrganizationScope(organization),
            Roles.Provider => providerId is null ? null : new ProviderScope(providerId),
            Roles.Coordinator => new AllStatistics(),
            Roles.Admin => new AllRecords(),
            _ => null,
        };
        return scope is null
            ? AuthOutcome.Forbidden
            : new AuthOutcome(new Caller(subject, role, scope), AuthFailure.None);
    }

    // A loopback authority (a test's own OpenID Connect server) may use plain HTTP, in local development only.
    private static bool RequiresHttps(string authority, HostingEnvironmentInfo environment) =>
        !environment.IsLocalDevelopment || !Uri.TryCreate(authority, UriKind.Absolute, out var uri) || !uri.IsLoopback;

    /// <summary>
    /// Reads a claim that must be one JSON string: absent (or blank) gives null; an array (even of one value), a
    /// number, an object or null makes the token invalid, so that no value is ever picked from several.
    /// </summary>
    private static bool SingleStringClaim(ClaimsIdentity identity, string name, out string? value)
    {
        value = null;
        if (identity is not CaseSensitiveClaimsIdentity { SecurityToken: JsonWebToken token })
        {
            return false;
        }

        if (!token.TryGetPayloadValue<object>(name, out var claim))
        {
            return true;
        }

        if (claim is not string text)
        {
            return false;
        }

        value = string.IsNullOrWhiteSpace(text) ? null : text;
        return true;
    }

    /// <summary>
    /// RFC 7515 §4.1.11: a token whose <c>crit</c> header names extensions the recipient does not understand is
    /// invalid. This app understands none, so any <c>crit</c> is refused. No ValidTypes are configured, so every
    /// <c>typ</c> passes as it would without this validator.
    /// </summary>
    private static string RefuseCriticalExtensions(string type, SecurityToken token, TokenValidationParameters parameters) =>
        token is JsonWebToken jwt && jwt.TryGetHeaderValue<object>("crit", out _)
            ? throw new SecurityTokenInvalidTypeException("The token names critical header extensions (crit) that this service does not understand.")
            : type;

    /// <summary>What every accepted token must satisfy, whoever issued it: one algorithm, a signature, a lifetime, no crit.</summary>
    private static TokenValidationParameters Strict(TokenValidationParameters parameters, string algorithm)
    {
        parameters.ValidAlgorithms = [algorithm];
        parameters.RequireSignedTokens = true;
        parameters.RequireExpirationTime = true;
        parameters.ValidateLifetime = true;
        parameters.ClockSkew = ClockSkew;
        parameters.TypeValidator = RefuseCriticalExtensions;
        return parameters;
    }

    private static TokenValidationParameters? CreateParameters(AuthOptions options, HostingEnvironmentInfo environment)
    {
        // AuthOptionsValidator stops the app from starting with a development key outside local development; should
        // it be bypassed, the key still signs nothing that is accepted there.
        if (!string.IsNullOrEmpty(options.DevSigningKey) && environment.IsLocalDevelopment)
        {
            var development = new TokenValidationParameters
            {
                ValidIssuer = AuthOptions.DevIssuer,
                ValidAudience = AuthOptions.DevAudience,
                IssuerSigningKey = DevelopmentTokens.SigningKey(options.DevSigningKey),
            };
            return Strict(development, SecurityAlgorithms.HmacSha256);
        }

        if (!string.IsNullOrEmpty(options.Authority) && !string.IsNullOrEmpty(options.Audience))
        {
            var metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
                $"{options.Authority.TrimEnd('/')}/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = RequiresHttps(options.Authority, environment) });
            var entra = new TokenValidationParameters
            {
                ConfigurationManager = metadata,
                ValidAudience = options.Audience,
                ValidateIssuer = true,
            };
            return Strict(entra, SecurityAlgorithms.RsaSha256);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No authentication is configured (Auth:DevSigningKey or Auth:Authority + Auth:Audience): every protected route answers 401.")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer token rejected.")]
    private static partial void LogRejected(ILogger logger);
}
