using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Operations;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core;

/// <summary>Source-generated JSON of the API contracts of the features beside Cases, read and written by <see cref="ApiJsonOptions"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProviderRequest))]
[JsonSerializable(typeof(Provider))]
[JsonSerializable(typeof(ProviderPage))]
[JsonSerializable(typeof(ReferralRequest))]
[JsonSerializable(typeof(ReferralPage))]
[JsonSerializable(typeof(ReferralDetails))]
[JsonSerializable(typeof(DeclineReferralRequest))]
[JsonSerializable(typeof(CompleteReferralRequest))]
[JsonSerializable(typeof(IntakeReceipt))]
[JsonSerializable(typeof(HeldReceipt))]
[JsonSerializable(typeof(HeldSubmissionPage))]
[JsonSerializable(typeof(HeldSubmissionView))]
[JsonSerializable(typeof(DiscardHeldRequest))]
[JsonSerializable(typeof(KoboPullReport))]
[JsonSerializable(typeof(HeldSubmissionFigures))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(PoisonQueueView))]
[JsonSerializable(typeof(PoisonReplay))]
[JsonSerializable(typeof(EraseCaseRequest))]
[JsonSerializable(typeof(CaseTombstone))]
[JsonSerializable(typeof(StatisticsReport))]
[JsonSerializable(typeof(RecountReport))]
[JsonSerializable(typeof(Dictionary<string, long>))]
[JsonSerializable(typeof(AccessLogPage))]
public sealed partial class ApiJson : JsonSerializerContext
{
    public static ApiJson Api { get; } = new(ApiJsonOptions.Create());
}
