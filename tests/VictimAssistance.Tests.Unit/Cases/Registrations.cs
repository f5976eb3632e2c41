using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Validation;
using VictimAssistance.Tests.Support;
using VictimAssistance.Core.Locations;

namespace VictimAssistance.Tests.Cases;

/// <summary>The seed registration with one field changed, and what the API says of it (read strictly, then validated).</summary>
internal static partial class Registrations
{
    public static readonly DateOnly Today = new(2026, 11, 27);

    /// <summary>
    /// The seed case with the field at <paramref name="path"/> (e.g. <c>survivor.location.admin1</c>,
    /// <c>needs[0].notes</c>, or <c>$</c> for the whole body) set to the JSON text <paramref name="json"/>, or removed when it is null.
    /// </summary>
    public static JsonObject With(string path, string? json)
    {
        if (path == "$")
        {
            return JsonNode.Parse(json!)!.AsObject();
        }

        var body = CaseSamples.Registration();
        var steps = Step().Matches(path).Select(match => match.Value).ToList();
        var parent = steps[..^1].Aggregate<string, JsonNode>(body, (node, step) => int.TryParse(step, out var index) ? node[index]! : node[step]!);
        var last = steps[^1];
        if (int.TryParse(last, out var position))
        {
            parent[position] = json is null ? null : JsonNode.Parse(json);
        }
        else if (json is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = JsonNode.Parse(json);
        }

        return body;
    }

    /// <summary>The problem the API answers for the body, or null when it registers it.</summary>
    public static Problem? Validate(JsonObject body)
    {
        var parsed = StrictJson.Deserialize(Encoding.UTF8.GetBytes(body.ToJsonString()), CaseJson.Api.CaseDetails);
        if (parsed.Problem is not null)
        {
            return parsed.Problem;
        }

        var errors = CaseValidator.Validate(parsed.Value!, Today, Gazetteer.BuiltIn);
        return errors.IsEmpty ? null : errors.ToProblem();
    }

    [GeneratedRegex(@"[^.\[\]]+")]
    private static partial Regex Step();
}
