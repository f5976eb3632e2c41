using System.Text.Json;
using System.Text.Json.Serialization;

namespace VictimAssistance.Core.AccessLog;

/// <summary>What one read disclosed: a case, and the referral of it when the read was of a referral.</summary>
public sealed record AccessedRecord(string CaseId, string? ReferralId);

/// <summary>
/// The access-log queue's message: one read by one caller, with every case (and referral) it disclosed. Ids, the
/// caller's subject and role and the route template only. <see cref="ReadId"/> makes the rows it becomes the same
/// on every delivery, so a redelivered message writes nothing new.
/// </summary>
public sealed record AccessLogMessage(
    string ReadId,
    DateTimeOffset AccessedAt,
    string Sub,
    string Role,
    string Route,
    IReadOnlyList<AccessedRecord> Records,
    string? TraceParent = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AccessLogMessage))]
public sealed partial class AccessLogJson : JsonSerializerContext;
