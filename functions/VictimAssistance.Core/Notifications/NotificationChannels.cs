namespace VictimAssistance.Core.Notifications;

/// <summary>Where a notice goes: each enabled channel of the provider gets it once (one ledger row and one history event each).</summary>
public static class NotificationChannels
{
    public const string Webhook = "webhook";
    public const string Email = "email";

    public static readonly IReadOnlyList<string> All = [Webhook, Email];
}
