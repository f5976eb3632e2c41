using System.Text.Json.Nodes;

namespace VictimAssistance.Core.Cases;

/// <summary>JSON Merge Patch (RFC 7396) and the list of field paths a change touched.</summary>
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var current = result[name];
                result.Remove(name);
                result[name] = Apply(current?.DeepClone(), value);
            }
        }

        return result;
    }

    /// <summary>Paths (e.g. <c>survivor.phone</c>) whose values differ; arrays count as one value.</summary>
    public static IReadOnlyList<string> ChangedPaths(JsonObject before, JsonObject after)
    {
        var changed = new List<string>();
        Collect(before, after, prefix: null, changed);
        return changed;
    }

    private static void Collect(JsonNode? before, JsonNode? after, string? prefix, List<string> changed)
    {
        if (before is JsonObject beforeObject && after is JsonObject afterObject)
        {
            foreach (var name in beforeObject.Select(pair => pair.Key).Union(afterObject.Select(pair => pair.Key)).Order(StringComparer.Ordinal))
            {
                Collect(beforeObject[name], afterObject[name], prefix is null ? name : $"{prefix}.{name}", changed);
            }
        }
        else if (!JsonNode.DeepEquals(before, after) && prefix is not null)
        {
            changed.Add(prefix);
        }
    }
}
