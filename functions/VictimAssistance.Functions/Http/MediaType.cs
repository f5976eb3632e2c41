using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace VictimAssistance.Functions.Http;

/// <summary>
/// A media type as RFC 9110 §8.3.1 writes it: <c>type "/" subtype *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )</c>.
/// Type, subtype and parameter names are lowercased (they are case-insensitive); quoted values are unquoted.
/// </summary>
public sealed record MediaType(string Essence, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    public static bool TryParse(string? value, [NotNullWhen(true)] out MediaType? mediaType)
    {
        mediaType = null;
        var reader = new Reader((value ?? string.Empty).Trim(' ', '\t'));
        if (reader.Token() is not { } type || !reader.Take('/') || reader.Token() is not { } subtype)
        {
            return false;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        while (!reader.AtEnd)
        {
            reader.SkipWhitespace();
            if (!reader.Take(';'))
            {
                return false;
            }

            reader.SkipWhitespace();
            if (reader.AtEnd || reader.Next == ';')
            {
                continue;
            }

            if (reader.Token() is not { } name || !reader.Take('=') || (reader.Next == '"' ? reader.QuotedString() : reader.Token()) is not { } parameterValue)
            {
                return false;
            }

            parameters.Add(new(name.ToLowerInvariant(), parameterValue));
        }

        mediaType = new MediaType($"{type}/{subtype}".ToLowerInvariant(), parameters);
        return true;
    }

    private static bool IsTokenCharacter(char character) => char.IsAsciiLetterOrDigit(character) || TokenSymbols.Contains(character, StringComparison.Ordinal);

    // qdtext and the characters a quoted-pair may escape: HTAB, SP, visible ASCII, obs-text.
    private static bool IsQuotable(char character) => character is '\t' or (>= ' ' and <= '~') or (>= '\u0080' and <= '\u00ff');

    private sealed class Reader(string text)
    {
        private int position;

        public bool AtEnd => position == text.Length;

        public char? Next => AtEnd ? null : text[position];

        public bool Take(char expected)
        {
            if (Next != expected)
            {
                return false;
            }

            position++;
            return true;
        }

        public void SkipWhitespace()
        {
            while (Next is ' ' or '\t')
            {
                position++;
            }
        }

        public string? Token()
        {
            var start = position;
            while (Next is { } character && IsTokenCharacter(character))
            {
                position++;
            }

            return position > start ? text[start..position] : null;
        }

        public string? QuotedString()
        {
            Take('"');
            var value = new StringBuilder();
            while (Next is { } character && character != '"')
            {
                position++;
                if (character == '\\')
                {
                    if (Next is not { } escaped || !IsQuotable(escaped))
                    {
                        return null;
                    }

                    position++;
                    value.Append(escaped);
                }
                else if (IsQuotable(character))
                {
                    value.Append(character);
                }
                else
                {
                    return null;
                }
            }

            return Take('"') ? value.ToString() : null;
        }
    }
}
