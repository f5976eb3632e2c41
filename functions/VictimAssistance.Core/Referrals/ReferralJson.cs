using System.Text.Json;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Referrals;

/// <summary>Source-generated, strict JSON for the referral routes: camelCase, unknown properties refused, strings trimmed.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(TrimmedStringConverter), typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Referral))]
[JsonSerializable(typeof(ReferralPage))]
[JsonSerializable(typeof(ReferralDetails))]
[JsonSerializable(typeof(DeclineReferralRequest))]
[JsonSerializable(typeof(CompleteReferralRequest))]
public sealed partial class ReferralJson : JsonSerializerContext;
