namespace VictimAssistance.Core.Security;

/// <summary>
/// The authenticated and authorised caller of one request. <see cref="Role"/> is the role it acts in on this
/// route (admin when it holds admin, otherwise the first route role it holds).
/// </summary>
public sealed record Caller(string Subject, string Role, string? Organization, string? ProviderId)
{
    public bool IsAdmin => Role == Roles.Admin;
}
