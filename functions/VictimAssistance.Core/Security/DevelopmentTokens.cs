using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VictimAssistance.Core.Security;

/// <summary>Issues HS256 tokens signed with the development key, for local runs and tests.</summary>
public static class DevelopmentTokens
{
    public static SymmetricSecurityKey SigningKey(string devSigningKey) => new(Encoding.UTF8.GetBytes(devSigningKey));

    public static string Create(
        string devSigningKey,
        string subject,
        IReadOnlyCollection<string> roles,
        DateTimeOffset now,
        TimeSpan lifetime,
        string? organization = null,
        string? providerId = null,
        string issuer = AuthOptions.DevIssuer,
        string audience = AuthOptions.DevAudience)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles.ToArray() };
        if (organization is not null)
        {
            claims["org"] = organization;
        }

        if (providerId is not null)
        {
            claims["provider_id"] = providerId;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(devSigningKey), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
