namespace VictimAssistance.Core.Validation;

public enum ProblemKind
{
    BadRequest,
    Forbidden,
    NotFound,
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    Unprocessable,

    /// <summary>The record existed and was erased (410); <see cref="Problem.Members"/> carry its tombstone.</summary>
    Gone,

    /// <summary>Nothing was changed and retrying later will work (503 with Retry-After).</summary>
    Busy,
}

/// <summary>
/// Why a request was refused, in words safe to show the caller: never a submitted value, never personal data.
/// The HTTP layer turns it into application/problem+json.
/// </summary>
public sealed record Problem(ProblemKind Kind, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>Further members of the problem body (RFC 9457 extension members), ids and codes only.</summary>
    public IReadOnlyDictionary<string, string>? Members { get; init; }

    public static Problem NotFound(string what) => new(ProblemKind.NotFound, "Not found", $"No {what} with this id exists or it is not visible to you.");

    public static Problem Busy(string detail) => new(ProblemKind.Busy, "Service busy", detail);

    public static Problem Invalid(string path, string message) => Validation(new Dictionary<string, string[]> { [path] = [message] });

    public static Problem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(ProblemKind.BadRequest, "The request is invalid", "See errors for the fields to correct.", errors);
}

/// <summary>The result of a service call: a value, or the problem that prevented it.</summary>
public sealed record Outcome<T>(T? Value, Problem? Problem)
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);
}
