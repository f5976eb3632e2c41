using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>Source-generated JSON of the case contracts (strict, as <see cref="ApiJsonOptions"/> reads), its events and its outbox.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CaseDetails))]
[JsonSerializable(typeof(Referral))]
[JsonSerializable(typeof(CaseView))]
[JsonSerializable(typeof(CaseSummaryPage))]
[JsonSerializable(typeof(CaseHistory))]
[JsonSerializable(typeof(CloseCaseRequest))]
[JsonSerializable(typeof(CaseOutboxMessage))]
[JsonSerializable(typeof(List<CommittedEvent>))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(CaseRegistered))]
[JsonSerializable(typeof(CaseUpdated))]
[JsonSerializable(typeof(CaseClosed))]
public sealed partial class CaseJson : JsonSerializerContext
{
    /// <summary>The API's strict reading and writing of case bodies.</summary>
    public static CaseJson Api { get; } = new(ApiJsonOptions.Create());
}
