using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Core.Erasure;

/// <summary>
/// A history event's data without personal values: its type, time and actor stay (they are columns), and of its data
/// only ids, codes, numbers, flags and timestamps. Free text is dropped by name (notes, a decline's reason) and any
/// other string that is not an id, a lowercase code or a timestamp is dropped too, so an event type added later
/// cannot keep a name or a phone number.
/// </summary>
public static partial class EventRedaction
{
    public static string Redact(string type, string data)
    {
        if (JsonNode.Parse(data) is not JsonObject body)
        {
            return "{}";
        }

        Clean(body, type);
        return body.ToJsonString();
    }

    public static string RedactCommitted(string events)
    {
        var list = JsonSerializer.Deserialize(events, CaseJson.Default.ListCommittedEvent) ?? [];
        return JsonSerializer.Serialize(list.Select(item => item with { Data = Redact(item.Type, item.Data) }).ToList(), CaseJson.Default.ListCommittedEvent);
    }

    private static void Clean(JsonObject body, string type)
    {
        foreach (var (name, value) in body.ToList())
        {
            if (IsFreeText(type, name) || !Keeps(name, value))
            {
                body.Remove(name);
            }
        }
    }

    private static bool IsFreeText(string type, string name) =>
        name.Equals("notes", StringComparison.OrdinalIgnoreCase)
        || (type == ReferralEvents.Declined.Name && name.Equals("reason", StringComparison.OrdinalIgnoreCase));

    private static bool Keeps(string name, JsonNode? value) => value switch
    {
        null => true,
        JsonObject nested => KeepsNested(nested),
        JsonArray items => KeepsArray(name, items),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => IsSafeString(name, scalar.GetValue<string>()),
        _ => true,
    };

    private static bool KeepsNested(JsonObject nested)
    {
        Clean(nested, type: string.Empty);
        return true;
    }

    private static bool KeepsArray(string name, JsonArray items)
    {
        foreach (var item in items.ToList())
        {
            if (!Keeps(name, item))
            {
                items.Remove(item);
            }
        }

        return true;
    }

    private static bool IsSafeString(string name, string value) =>
        IsIdName(name) ? IdPattern().IsMatch(value) : CodePattern().IsMatch(value) || TimestampPattern().IsMatch(value);

    /// <summary>Ids, uuids and versions the app or KoboToolbox made up, which may be in mixed case.</summary>
    private static bool IsIdName(string name) =>
        name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Uuid", StringComparison.Ordinal) || name.EndsWith("Version", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,200}$")]
    private static partial Regex IdPattern();

    /// <summary>A lowercase code or field path, starting with a letter: never a date, a number or a name.</summary>
    [GeneratedRegex("^[a-z][a-z0-9_.:/-]{0,199}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimestampPattern();
}
