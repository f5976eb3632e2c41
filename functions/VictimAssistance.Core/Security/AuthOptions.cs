namespace VictimAssistance.Core.Security;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";
    public const string DevIssuer = "victim-assistance-local";
    public const string DevAudience = "victim-assistance";
    public const int MinimumDevKeyBytes = 32;

    /// <summary>HS256 key for local runs and tests (UTF-8 bytes of this string). Never set in Azure.</summary>
    public string? DevSigningKey { get; set; }

    /// <summary>Microsoft Entra ID authority, e.g. https://login.microsoftonline.com/{tenant}/v2.0.</summary>
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    public string OrganizationClaim { get; set; } = "org";

    public string ProviderClaim { get; set; } = "provider_id";
}
