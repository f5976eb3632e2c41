using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Operations;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core;

/// <summary>Source-generated, strict JSON for the API (cases, providers, referrals): camelCase, unknown properties refused, strings trimmed.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(TrimmedStringConverter), typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(CaseDetails))]
[JsonSerializable(typeof(CaseView))]
[JsonSerializable(typeof(CaseSummaryPage))]
[JsonSerializable(typeof(CaseHistory))]
[JsonSerializable(typeof(Referral))]
[JsonSerializable(typeof(ReferralRequest))]
[JsonSerializable(typeof(CloseCaseRequest))]
[JsonSerializable(typeof(CaseOutboxMessage))]
[JsonSerializable(typeof(List<CaseFollowUpEvent>))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(ProviderRequest))]
[JsonSerializable(typeof(Provider))]
[JsonSerializable(typeof(ProviderPage))]
[JsonSerializable(typeof(ReferralPage))]
[JsonSerializable(typeof(ReferralDetails))]
[JsonSerializable(typeof(DeclineReferralRequest))]
[JsonSerializable(typeof(CompleteReferralRequest))]
[JsonSerializable(typeof(IntakeReceipt))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(PoisonQueueView))]
[JsonSerializable(typeof(PoisonReplay))]
[JsonSerializable(typeof(StatisticsReport))]
[JsonSerializable(typeof(RecountReport))]
[JsonSerializable(typeof(Dictionary<string, long>))]
public sealed partial class ApiJson : JsonSerializerContext;
