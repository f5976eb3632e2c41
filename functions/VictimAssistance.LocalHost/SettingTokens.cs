using System.Text;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Replaces every <c>%Name%</c> in a trigger's schedule or queue name with the app setting, as the host's
/// <c>INameResolver.ResolveWholeString</c> does (Microsoft.Azure.WebJobs.Host NameResolverExtensions): text around
/// and between tokens is kept, and a missing setting or an unclosed '%' stops the start-up.
/// </summary>
public static class SettingTokens
{
    public static string Resolve(string text, IConfiguration configuration)
    {
        var resolved = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var start = text.IndexOf('%', position);
            if (start < 0)
            {
                resolved.Append(text, position, text.Length - position);
                break;
            }

            var end = text.IndexOf('%', start + 1);
            if (end < 0)
            {
                throw new LocalHostStartupException($"'{text}': the '%' at position {start} has no closing '%'.");
            }

            var name = text[(start + 1)..end];
            var value = configuration[name] ?? throw new LocalHostStartupException($"'%{name}%' does not resolve to a value: the app setting '{name}' is not configured.");
            resolved.Append(text, position, start - position).Append(value);
            position = end + 1;
        }

        return resolved.ToString();
    }
}
