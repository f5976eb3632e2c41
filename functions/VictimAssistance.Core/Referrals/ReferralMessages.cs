using System.Text.Json;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.Referrals;

/// <summary>Asks the router to find a provider for one referral. Ids only: no personal data travels on queues.</summary>
public sealed record RouteReferralMessage(string CaseId, string ReferralId, string? TraceParent = null);

/// <summary>Asks the notifier to tell a provider about a referral. <see cref="WebhookId"/> is the same on every retry.</summary>
public sealed record NotifyProviderMessage(string CaseId, string ReferralId, string ProviderId, string Type, string WebhookId, string? TraceParent = null)
{
    /// <summary>One id per history event, so a redelivered outbox entry sends the same webhook again, never a new one.</summary>
    public static string WebhookIdFor(string caseId, long sequence) => $"msg_{caseId}_{sequence}";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RouteReferralMessage))]
[JsonSerializable(typeof(NotifyProviderMessage))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class ReferralMessageJson : JsonSerializerContext;
