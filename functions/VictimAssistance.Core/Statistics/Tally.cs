using System.Text.Json;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// Named counts ("sex/female" → 3): what one case contributes to its cell, or what a cell holds. Adding and
/// subtracting tallies moves a case between cells; keys whose count falls to zero are dropped.
/// </summary>
public sealed class Tally
{
    private readonly SortedDictionary<string, long> counts;

    public Tally()
        : this(new SortedDictionary<string, long>(StringComparer.Ordinal))
    {
    }

    private Tally(SortedDictionary<string, long> counts) => this.counts = counts;

    public IReadOnlyDictionary<string, long> Counts => counts;

    public long this[string key] => counts.GetValueOrDefault(key);

    public static Tally FromJson(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Tally()
            : new Tally(new SortedDictionary<string, long>(JsonSerializer.Deserialize(json, ApiJson.Api.DictionaryStringInt64)!, StringComparer.Ordinal));

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, long>(counts, StringComparer.Ordinal), ApiJson.Api.DictionaryStringInt64);

    public void Add(string key, long count = 1)
    {
        var total = counts.GetValueOrDefault(key) + count;
        if (total == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = total;
        }
    }

    public Tally Plus(Tally other) => Combine(other, 1);

    public Tally Minus(Tally other) => Combine(other, -1);

    /// <summary>Every count multiplied by <paramref name="factor"/>.</summary>
    public Tally Times(long factor)
    {
        var result = new Tally();
        foreach (var (key, count) in counts)
        {
            result.Add(key, count * factor);
        }

        return result;
    }

    public bool SameAs(Tally other) => counts.Count == other.counts.Count && counts.All(pair => other[pair.Key] == pair.Value);

    /// <summary>The keys whose counts differ between the two tallies (for a drift report: names, not counts).</summary>
    public IReadOnlyList<string> DifferingKeys(Tally other) =>
        counts.Keys.Union(other.counts.Keys, StringComparer.Ordinal).Where(key => this[key] != other[key]).Order(StringComparer.Ordinal).ToList();

    /// <summary>The counts of the keys that start with the prefix, by the rest of the key.</summary>
    public IEnumerable<(string Key, long Count)> WithPrefix(string prefix) =>
        counts.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(pair => (pair.Key[prefix.Length..], pair.Value));

    private Tally Combine(Tally other, int sign)
    {
        var result = new Tally(new SortedDictionary<string, long>(counts, StringComparer.Ordinal));
        foreach (var (key, count) in other.counts)
        {
            result.Add(key, sign * count);
        }

        return result;
    }
}
