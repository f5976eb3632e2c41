namespace VictimAssistance.Core.Security;

/// <summary>
/// The authenticated and authorised caller of one request. <see cref="Role"/> is the role it acts in on this
/// route (admin when it holds admin, otherwise the first route role it holds); <see cref="Scope"/> is what that
/// role reaches, decided once when the token is read.
/// </summary>
public sealed record Caller(string Subject, string Role, CallerScope Scope)
{
    public bool IsAdmin => Scope is AllRecords;

    /// <summary>The app itself (router, expiry, notifier) as the actor recorded in a case's history.</summary>
    public static Caller System(string component) => new($"system:{component}", Roles.System, new AllRecords());
}

/// <summary>What a caller's role reaches: one organisation, one provider, every organisation's statistics, or everything.</summary>
public abstract record CallerScope;

/// <summary>Caseworkers and managers: the cases of one organisation.</summary>
public sealed record OrganizationScope(string Organization) : CallerScope;

/// <summary>Providers: the referrals offered to, accepted or completed by one provider.</summary>
public sealed record ProviderScope(string ProviderId) : CallerScope;

/// <summary>The coordinator: the statistics of every organisation, and no record at all.</summary>
public sealed record AllStatistics : CallerScope;

/// <summary>Admins and the app itself.</summary>
public sealed record AllRecords : CallerScope;
