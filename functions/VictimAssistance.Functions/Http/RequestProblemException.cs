using Microsoft.AspNetCore.Mvc;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Functions.Http;

/// <summary>A request refused while reading it (size, content type, JSON); <see cref="HttpApi"/> answers it.</summary>
public sealed class RequestProblemException : Exception
{
    public RequestProblemException()
    {
    }

    public RequestProblemException(string message)
        : base(message)
    {
    }

    public RequestProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestProblemException(int status, string title, string? detail = null)
        : base(title)
    {
        Result = ApiResults.Problem(status, title, detail);
    }

    public RequestProblemException(Problem problem)
        : base(problem.Title)
    {
        Result = ApiResults.Problem(problem);
    }

    public IActionResult? Result { get; }
}
