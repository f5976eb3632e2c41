using System.Text.Json;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Intake;

/// <summary>
/// A KoboToolbox submission applied to its case: which submission, from which version of the form, and the names
/// (never the values) of the fields the form does not map, which were ignored.
/// </summary>
public sealed record KoboSubmissionApplied(string SubmissionUuid, string? FormVersion, IReadOnlyList<string> IgnoredFields);

public static class IntakeEvents
{
    public static readonly CaseEventType<KoboSubmissionApplied> KoboSubmission = new("intake.kobo_submission", IntakeJson.Default.KoboSubmissionApplied);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(KoboSubmissionApplied))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string[]>))]
[JsonSerializable(typeof(KoboDataPage))]
public sealed partial class IntakeJson : JsonSerializerContext;
