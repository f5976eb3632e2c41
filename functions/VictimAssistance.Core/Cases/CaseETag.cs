using System.Globalization;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>A case's entity tag is its quoted version; If-Match is read as RFC 9110 §13.1.1 defines it.</summary>
public static class CaseETag
{
    public const string IfMatchHeader = "If-Match";

    public static string Format(int version) => $"\"{version}\"";

    /// <summary>
    /// The condition an If-Match header states: null when it is absent; a 400 problem naming the header when it is
    /// not a list of entity tags. If-Match compares strongly, so weak tags and tags this API never issued match no
    /// version (412); <c>*</c> matches any existing case (RFC 9110 §13.1.1).
    /// </summary>
    public static Outcome<IfMatch?> ParseIfMatch(string? header)
    {
        if (header is null)
        {
            return new Outcome<IfMatch?>(null, null);
        }

        var versions = new HashSet<int>();
        var text = header.AsSpan().Trim(" \t");
        if (text is "*")
        {
            return new IfMatch(Versions: null);
        }

        // A list of entity tags; empty list elements are ignored, as RFC 9110 §5.6.1.2 asks of recipients.
        for (var tags = 0; ; tags++)
        {
            text = text.TrimStart(", \t");
            if (text.IsEmpty)
            {
                return tags > 0 ? Versions(versions) : Malformed();
            }

            var weak = text.StartsWith("W/", StringComparison.Ordinal);
            if (weak)
            {
                text = text[2..];
            }

            var closing = text.Length > 0 && text[0] == '"' ? text[1..].IndexOf('"') + 1 : 0;
            if (closing <= 0 || !IsOpaque(text[1..closing]))
            {
                return Malformed();
            }

            if (!weak && int.TryParse(text[1..closing], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                versions.Add(version);
            }

            text = text[(closing + 1)..].TrimStart(" \t");
            if (!text.IsEmpty && text[0] != ',')
            {
                return Malformed();
            }
        }
    }

    private static Outcome<IfMatch?> Versions(HashSet<int> versions) => new IfMatch(versions);

    private static Outcome<IfMatch?> Malformed() => Problem.Invalid(IfMatchHeader, "must be a list of entity tags, such as the ETag of the case you changed.");

    // etagc = %x21 / %x23-7E / obs-text
    private static bool IsOpaque(ReadOnlySpan<char> tag)
    {
        foreach (var character in tag)
        {
            if (character is not ('\x21' or (>= '\x23' and <= '\x7E') or (>= '\x80' and <= '\xFF')))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>An If-Match condition: the data versions it names, or any version (<c>*</c>, <see cref="Versions"/> null).</summary>
public sealed record IfMatch(IReadOnlySet<int>? Versions)
{
    public bool Matches(int version) => Versions is null || Versions.Contains(version);

    public static Problem Failed() =>
        new(ProblemKind.PreconditionFailed, "Precondition failed", "The case changed since you read it: read it again and reapply your change.");
}
