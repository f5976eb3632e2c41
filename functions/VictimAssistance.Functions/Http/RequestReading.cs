using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Functions.Http;

public static class RequestReading
{
    public const int MaxBodyBytes = 256 * 1024;
    public const string Json = "application/json";
    public const string MergePatchJson = "application/merge-patch+json";

    // RFC 8259 §8.1 lets a parser ignore a byte order mark, and Windows tools write one.
    private static readonly byte[] Utf8ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>Reads a JSON body of one of the accepted media types, at most 256 KiB, strictly.</summary>
    public static async Task<T> ReadJsonAsync<T>(this HttpRequest request, JsonTypeInfo<T> typeInfo, string mediaType = Json)
        where T : class
    {
        var body = await request.ReadBodyAsync(mediaType).ConfigureAwait(false);
        var outcome = StrictJson.Deserialize(body.Span, typeInfo);
        return outcome.Problem is { } problem ? throw new RequestProblemException(problem) : outcome.Value!;
    }

    /// <summary>
    /// Reads a body of one of the media types, at most 256 KiB, without a leading UTF-8 byte order mark. The only
    /// parameter accepted is <c>charset=utf-8</c> (any case, quoted or not): these media types define no
    /// parameters, so any other one is refused with 415 rather than silently ignored.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(this HttpRequest request, params IReadOnlyList<string> mediaTypes)
    {
        if (!MediaType.TryParse(request.ContentType, out var contentType)
            || !mediaTypes.Contains(contentType.Essence, StringComparer.Ordinal)
            || !contentType.Parameters.All(IsUtf8Charset))
        {
            throw new RequestProblemException(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                $"The body must be {string.Join(" or ", mediaTypes)} in UTF-8.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        return body.Span.StartsWith(Utf8ByteOrderMark) ? body[Utf8ByteOrderMark.Length..] : body;
    }

    private static bool IsUtf8Charset(KeyValuePair<string, string> parameter) =>
        parameter.Key == "charset" && string.Equals(parameter.Value, "utf-8", StringComparison.OrdinalIgnoreCase);

    private static RequestProblemException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body must be at most {MaxBodyBytes / 1024} KiB.");
}
