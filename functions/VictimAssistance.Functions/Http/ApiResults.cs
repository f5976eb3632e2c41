using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Functions.Http;

/// <summary>Responses written with source-generated JSON, the same under the Functions host and the LocalHost.</summary>
public static class ApiResults
{
    public const string ProblemContentType = "application/problem+json";

    public static IActionResult Json<T>(int status, T value, JsonTypeInfo<T> typeInfo, Action<IHeaderDictionary>? headers = null) =>
        new JsonBodyResult<T>(status, value, typeInfo, "application/json", headers);

    public static IActionResult Ok<T>(T value, JsonTypeInfo<T> typeInfo) => Json(StatusCodes.Status200OK, value, typeInfo);

    public static IActionResult Problem(Problem problem) => problem.Members is { Count: > 0 } members
        ? ProblemWithMembers(StatusOf(problem.Kind), problem.Title, problem.Detail, members)
        : Problem(StatusOf(problem.Kind), problem.Title, problem.Detail, problem.Errors, problem.Kind == ProblemKind.Busy ? RetryLater : null);

    /// <summary>The Retry-After of every 503: nothing was changed, and a retry after this long is likely to succeed.</summary>
    public static void RetryLater(IHeaderDictionary headers) => headers.RetryAfter = "5";

    public static IActionResult Problem(
        int status,
        string title,
        string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null,
        Action<IHeaderDictionary>? headers = null)
    {
        if (errors is { Count: > 0 })
        {
            var validation = new HttpValidationProblemDetails(errors.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal))
            {
                Type = TypeOf(status),
                Title = title,
                Status = status,
                Detail = detail,
            };
            return new JsonBodyResult<HttpValidationProblemDetails>(status, validation, HttpJson.Default.HttpValidationProblemDetails, ProblemContentType, headers);
        }

        var body = new ProblemDetails { Type = TypeOf(status), Title = title, Status = status, Detail = detail };
        return new JsonBodyResult<ProblemDetails>(status, body, HttpJson.Default.ProblemDetails, ProblemContentType, headers);
    }

    private static IActionResult ProblemWithMembers(int status, string title, string? detail, IReadOnlyDictionary<string, string> members)
    {
        var body = new ProblemDetails { Type = TypeOf(status), Title = title, Status = status, Detail = detail };
        foreach (var (name, value) in members)
        {
            body.Extensions[name] = value;
        }

        return new JsonBodyResult<ProblemDetails>(status, body, HttpJson.Default.ProblemDetails, ProblemContentType, headers: null);
    }

    /// <summary>Maps a refusal that Core gave to its HTTP status; a value to the given success response.</summary>
    public static IActionResult From<T>(Outcome<T> outcome, Func<T, IActionResult> onSuccess) =>
        outcome.Problem is { } problem ? Problem(problem) : onSuccess(outcome.Value!);

    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.BadRequest => StatusCodes.Status400BadRequest,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ProblemKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        ProblemKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ProblemKind.Gone => StatusCodes.Status410Gone,
        ProblemKind.Busy => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string TypeOf(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        410 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.11",
        412 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        428 => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "about:blank",
    };

    /// <summary>304 for a conditional read whose representation the client has: no body, the same ETag.</summary>
    public static IActionResult NotModified(string etag) => new BodilessResult(StatusCodes.Status304NotModified, headers => headers.ETag = etag);

    /// <summary>204 for an action that has nothing to answer.</summary>
    public static IActionResult NoContent() => new BodilessResult(StatusCodes.Status204NoContent, headers: null);

    private sealed class BodilessResult(int status, Action<IHeaderDictionary>? headers) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            headers?.Invoke(response.Headers);
            return Task.CompletedTask;
        }
    }

    public static IActionResult Content(byte[] content, string contentType, Action<IHeaderDictionary>? headers = null) => new ContentBytesResult(content, contentType, headers);

    private sealed class ContentBytesResult(byte[] content, string contentType, Action<IHeaderDictionary>? headers) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            headers?.Invoke(response.Headers);
            response.ContentLength = content.Length;
            return response.Body.WriteAsync(content, context.HttpContext.RequestAborted).AsTask();
        }
    }

    // Writes "+994…" and "Məmmədova" as themselves, not as \u escapes. HTML-sensitive characters (<, >, &, ')
    // are not escaped either: every body is served as application/json or application/problem+json, never
    // inside HTML, and a JSON reader decodes both forms alike.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class JsonBodyResult<T>(int status, T value, JsonTypeInfo<T> typeInfo, string contentType, Action<IHeaderDictionary>? headers)
        : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            headers?.Invoke(response.Headers);
            var body = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(body, WriterOptions))
            {
                JsonSerializer.Serialize(writer, value, typeInfo);
            }

            await response.Body.WriteAsync(body.WrittenMemory, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
