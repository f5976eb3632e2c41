using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Validation;
using VictimAssistance.Core.Locations;

namespace VictimAssistance.Core.Intake;

/// <summary>
/// One KoboToolbox submission of the form, read: the submission it is (its uuid), the submission whose case it
/// belongs to, the earlier version it replaces when it is an edit, the case it describes, the form version it was
/// filled in (<c>__version__</c>) and the names of the fields the form does not map, which were ignored.
/// </summary>
public sealed record KoboSubmission(string Uuid, string CaseKey, string? Replaces, CaseDetails Details, string? FormVersion, IReadOnlyList<string> Ignored)
{
    public bool IsEdit => Replaces is not null;
}

/// <summary>
/// Reads the JSON that KoboToolbox REST Services posts for one submission of <see cref="KoboForm"/> into a case
/// body: every answer of a form field must be a string of the right shape and every select answer one of the form's
/// choices. Kobo metadata is ignored and never kept; so are fields the form does not map (a question added in Kobo's
/// form builder later, a note, a calculate), whose names the submission lists. Errors name Kobo fields, never values.
/// </summary>
public static class KoboSubmissionReader
{
    /// <summary>How errors name a question of one repeat entry: <c>needs[2]/urgency</c> (XPath counts from 1).</summary>
    public static string RepeatItemPath(string repeat, int position, string question) =>
        string.Create(CultureInfo.InvariantCulture, $"{repeat}[{position}]/{question}");

    /// <summary>The XLSForm metadata questions a deployment may add (besides everything under <c>meta/</c>).</summary>
    public static readonly IReadOnlySet<string> MetadataQuestions = new HashSet<string>(StringComparer.Ordinal)
    {
        "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email", "audit", "formhub/uuid",
    };

    private static readonly FormFields Fields = new(KoboForm.Survey);

    /// <summary>Every field name a submission of the form may carry (group paths; repeat items' keys included).</summary>
    public static IReadOnlyCollection<string> FieldNames => Fields.All;

    /// <summary>Kobo's own metadata: every name starting with '_' (its system fields), the meta group and the metadata questions.</summary>
    public static bool IsMetadata(string name) =>
        name.StartsWith('_') || name.StartsWith("meta/", StringComparison.Ordinal) || MetadataQuestions.Contains(name);

    /// <summary>A name the form maps: a question's path or a repeat's name (what a caseworker may correct).</summary>
    public static bool IsFormField(string name) => Fields.IsTopLevel(name);

    /// <summary>The submission's identity: <c>_uuid</c>, or else <c>meta/instanceID</c> without <c>uuid:</c>; null without either.</summary>
    public static string? SubmissionUuid(JsonObject submission) => SubmissionId(submission, "_uuid") ?? SubmissionId(submission, "meta/instanceID");

    /// <summary>What the case id of a submission is derived from: its first version's uuid, so every edit meets the same case.</summary>
    public static string? CaseKey(JsonObject submission) =>
        SubmissionId(submission, "meta/rootUuid") ?? SubmissionId(submission, "meta/deprecatedID") ?? SubmissionUuid(submission);

    /// <summary>The deployed form version the submission was filled in (<c>__version__</c>), when it carries one.</summary>
    public static string? FormVersion(JsonObject submission) =>
        submission["__version__"] is JsonValue version && version.GetValueKind() == JsonValueKind.String ? version.GetValue<string>() : null;

    public static Outcome<KoboSubmission> Read(ReadOnlySpan<byte> body, DateOnly today, Gazetteer gazetteer)
    {
        var parsed = StrictJson.ParseObject(body);
        return parsed.Problem ?? Read(parsed.Value!, today, gazetteer);
    }

    /// <summary>Reads a parsed submission; the problem, if any, lists the faults by Kobo field (all of them a hold needs).</summary>
    public static Outcome<KoboSubmission> Read(JsonObject submission, DateOnly today, Gazetteer gazetteer)
    {
        var errors = new ValidationErrors();
        var ignored = new SortedSet<string>(submission.Select(pair => pair.Key).Where(name => !IsMetadata(name) && !Fields.IsTopLevel(name)), StringComparer.Ordinal);
        var uuid = SubmissionUuid(submission);
        if (uuid is null)
        {
            return Problem.Invalid("_uuid", "is required (or meta/instanceID), as the submission's identity.");
        }

        var deprecated = SubmissionId(submission, "meta/deprecatedID");
        var root = SubmissionId(submission, "meta/rootUuid");
        var caseBody = new JsonObject();
        foreach (var (name, value) in submission.Where(pair => !IsMetadata(pair.Key) && !ignored.Contains(pair.Key)))
        {
            if (Fields.Repeat(name) is { } repeat)
            {
                ReadRepeat(repeat, value, caseBody, errors, ignored);
            }
            else
            {
                Answer(Fields.Question(name), name, value, caseBody, errors);
            }
        }

        // An answer at fault is left out, and the case rules still run, so one reading lists every fault a
        // caseworker must correct; a rule about a field whose answer is at fault adds nothing.
        DefaultIncidentLocation(caseBody);
        var atFault = errors.ToProblem().Errors!.Keys.ToHashSet(StringComparer.Ordinal);
        var details = StrictJson.Deserialize(JsonSerializer.SerializeToUtf8Bytes(caseBody, CaseJson.Api.JsonObject), CaseJson.Api.CaseDetails);
        var rules = details.Problem?.Errors ?? CaseValidator.Validate(details.Value!, today, gazetteer).ToProblem().Errors!;
        foreach (var (path, messages) in InKoboNames(rules).Errors!.Where(pair => !atFault.Contains(pair.Key)))
        {
            foreach (var message in messages)
            {
                errors.Add(path, message);
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return new KoboSubmission(uuid, CaseKey(submission)!, deprecated, details.Value!, FormVersion(submission), ignored.ToList());
    }

    private static void ReadRepeat(FormGroup repeat, JsonNode? value, JsonObject caseBody, ValidationErrors errors, ISet<string> ignored)
    {
        if (value is not JsonArray entries || entries.Any(entry => entry is not JsonObject))
        {
            errors.Add(repeat.Name, "must be an array of objects keyed by the fields' full paths.");
            return;
        }

        var items = new JsonArray();
        for (var index = 0; index < entries.Count; index++)
        {
            var item = new JsonObject();
            foreach (var (name, answer) in entries[index]!.AsObject())
            {
                var path = RepeatItemPath(repeat.Name, index + 1, name.StartsWith(repeat.Name + "/", StringComparison.Ordinal) ? name[(repeat.Name.Length + 1)..] : name);
                if (Fields.RepeatQuestion(repeat, name) is { } question)
                {
                    Answer(question, path, answer, item, errors);
                }
                else if (!IsMetadata(name))
                {
                    ignored.Add(name);
                }
            }

            items.Add(item);
        }

        caseBody[repeat.Name] = items;
    }

    private static void Answer(FormQuestion question, string path, JsonNode? value, JsonObject target, ValidationErrors errors)
    {
        if (value is not JsonValue answer || answer.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(path, "must be a string, as KoboToolbox sends every answer.");
            return;
        }

        var text = answer.GetValue<string>().Trim();
        if (text.Length == 0)
        {
            return;
        }

        var choices = question.Answer == FormAnswer.SelectMultiple ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [text];
        if (question.ChoiceList is { } list && !choices.All(choice => Fields.IsChoice(list, choice)))
        {
            errors.Add(path, "is not one of the form's choices.");
            return;
        }

        JsonNode? converted = question.Answer switch
        {
            FormAnswer.SelectMultiple => new JsonArray(choices.Select(choice => (JsonNode?)choice).ToArray()),
            FormAnswer.YesNo => text == "yes",
            FormAnswer.WholeNumber when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
            FormAnswer.WholeNumber => null,
            _ => text,
        };
        if (converted is null)
        {
            errors.Add(path, "must be a whole number.");
            return;
        }

        Set(target, question.CaseField, converted);
    }

    private static void DefaultIncidentLocation(JsonObject caseBody)
    {
        if (caseBody["survivor"]?["location"]?["admin1"] is { } admin1 && caseBody["incident"]?["location"]?["admin1"] is null)
        {
            Set(caseBody, "incident.location.admin1", admin1.DeepClone());
        }
    }

    private static void Set(JsonObject target, string dottedPath, JsonNode value)
    {
        var names = dottedPath.Split('.');
        foreach (var name in names[..^1])
        {
            target = target[name] as JsonObject ?? (JsonObject)(target[name] = new JsonObject());
        }

        target[names[^1]] = value;
    }

    private static string? SubmissionId(JsonObject submission, string name) =>
        submission[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Trim() is { Length: > 0 } id
            ? (id.StartsWith("uuid:", StringComparison.Ordinal) ? id[5..] : id)
            : null;

    private static Problem InKoboNames(IReadOnlyDictionary<string, string[]> errors) =>
        Problem.Validation(errors
            .GroupBy(pair => Fields.KoboName(pair.Key), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.SelectMany(pair => pair.Value).ToArray(), StringComparer.Ordinal));
}
