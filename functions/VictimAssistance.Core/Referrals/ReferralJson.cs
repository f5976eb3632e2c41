using System.Text.Json;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Referrals;

/// <summary>Asks the router to find a provider for one referral. Ids only: no personal data travels on queues.</summary>
public sealed record RouteReferralMessage(string CaseId, string ReferralId, string? TraceParent = null);

/// <summary>Source-generated JSON of the referral events and queue messages.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(RouteReferralMessage))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ReferralRequested))]
[JsonSerializable(typeof(ReferralOffered))]
[JsonSerializable(typeof(ReferralUnmet))]
[JsonSerializable(typeof(ReferralAccepted))]
[JsonSerializable(typeof(ReferralDeclined))]
[JsonSerializable(typeof(ReferralReleased))]
[JsonSerializable(typeof(ReferralCompleted))]
[JsonSerializable(typeof(ReferralCancelled))]
[JsonSerializable(typeof(ReferralProviderAccessEnded))]
[JsonSerializable(typeof(ReferralSnapshot))]
public sealed partial class ReferralJson : JsonSerializerContext;
