namespace VictimAssistance.Core.Notifications;

/// <summary>Settings under <c>Notifications</c>; the delivery pipeline's own are under <see cref="ResilienceSectionName"/>.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Microsoft.Extensions.Http.Resilience's HttpStandardResilienceOptions, bound as they are named there.</summary>
    public const string ResilienceSectionName = "Notifications:Resilience";

    /// <summary>
    /// Applies the strict address rules (public addresses only, https only) in local development too, so tests can
    /// exercise them. It can only make delivery stricter: outside local development the rules always apply.
    /// </summary>
    public bool RequirePublicAddresses { get; init; }
}
