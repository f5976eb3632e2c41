using System.Text.RegularExpressions;

namespace VictimAssistance.Core.Validation;

/// <summary>Collects field errors by path (e.g. <c>survivor.sex</c>). Messages describe the rule, never the value.</summary>
public sealed partial class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsEmpty => errors.Count == 0;

    public void Add(string path, string message)
    {
        if (!errors.TryGetValue(path, out var messages))
        {
            messages = [];
            errors[path] = messages;
        }

        messages.Add(message);
    }

    public void Required(string path, object? value)
    {
        if (value is null)
        {
            Add(path, "is required.");
        }
    }

    public void RequiredText(string path, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(path, "is required.");
        }
        else
        {
            Length(path, value, maxLength);
        }
    }

    public void Length(string path, string? value, int maxLength)
    {
        if (value is not null && CharacterCount(value) is var count && (count == 0 || count > maxLength))
        {
            Add(path, $"must be 1 to {maxLength} characters.");
        }
    }

    public void MaxLength(string path, string? value, int maxLength)
    {
        if (CharacterCount(value) > maxLength)
        {
            Add(path, $"must be at most {maxLength} characters.");
        }
    }

    public void OneOf(string path, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
        {
            Add(path, $"must be one of: {string.Join(", ", allowed)}.");
        }
    }

    public void RequiredOneOf(string path, string? value, IReadOnlyCollection<string> allowed)
    {
        Required(path, value);
        OneOf(path, value, allowed);
    }

    public void Matches(string path, string? value, Regex pattern, string rule)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            Add(path, rule);
        }
    }

    public void Range(string path, int? value, int min, int max)
    {
        if (value is { } number && (number < min || number > max))
        {
            Add(path, $"must be from {min} to {max}.");
        }
    }

    public void NotInFuture(string path, DateOnly? value, DateOnly today)
    {
        if (value is { } date && date > today)
        {
            Add(path, "must not be in the future.");
        }
    }

    /// <summary>Characters as JSON Schema's <c>maxLength</c> counts them: Unicode scalar values, so a surrogate pair is one.</summary>
    public static int CharacterCount(string? value) => value?.EnumerateRunes().Count() ?? 0;

    public Problem ToProblem() => Problem.Validation(errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
}
