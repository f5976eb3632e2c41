using System.Text.Json;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Asks the router to find a provider for referrals of one case: every referral that one change requested (or put
/// back) travels in one message, so the case, the directory and the loads are read once for them all. Ids only: no
/// personal data travels on queues.
/// </summary>
public sealed record RouteReferralMessage(string CaseId, IReadOnlyList<string>? ReferralIds, string? TraceParent = null)
{
    /// <summary>The one referral of a message sent before messages carried <see cref="ReferralIds"/>, still read so none is lost across an upgrade.</summary>
    public string? ReferralId { get; init; }

    /// <summary>The referrals to route, each once.</summary>
    public IReadOnlyList<string> Referrals() => (ReferralIds ?? (ReferralId is null ? [] : [ReferralId])).Distinct(StringComparer.Ordinal).ToList();
}

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
