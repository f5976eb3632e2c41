using System.Globalization;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>A case's entity tag is its quoted version; If-Match is read as RFC 9110 §13.1.1 defines it.</summary>
public static class CaseETag
{
    public const string IfMatchHeader = "If-Match";

    public static string Format(int version) => $"\"{version}\"";

    /// <summary>
    /// The versions an If-Match header names: null when it is absent; a 400 problem naming the header when it is
    /// not a list of entity tags. If-Match compares strongly, so weak tags and tags this API never issued match no
    /// version (412), and so does <c>*</c>, which would overwrite changes the client has not seen.
    /// </summary>
    public static Outcome<IReadOnlySet<int>?> ParseIfMatch(string? header)
    {
        if (header is null)
        {
            return new Outcome<IReadOnlySet<int>?>(null, null);
        }

        var versions = new HashSet<int>();
        var text = header.AsSpan().Trim(" \t");
        if (text is "*")
        {
            return Versions(versions);
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

    private static Outcome<IReadOnlySet<int>?> Versions(HashSet<int> versions) => new(versions, null);

    private static Problem Malformed() => Problem.Invalid(IfMatchHeader, "must be a list of entity tags, such as the ETag of the case you changed.");

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
