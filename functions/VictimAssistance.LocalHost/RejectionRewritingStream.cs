using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.LocalHost;

/// <summary>
/// The write side of one connection. While a request is inside the app, bytes pass straight through; otherwise
/// they are held until the flush, and an error response with an empty body (which only Kestrel writes then) is
/// replaced by the same status as application/problem+json, written as the app writes its problems.
/// </summary>
public sealed class RejectionRewritingStream(PipeWriter transport, ConnectionActivity activity) : Stream
{
    private static readonly byte[] HeadersEnd = "\r\n\r\n"u8.ToArray();
    private readonly ArrayBufferWriter<byte> held = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (activity.AnyRequestInApp && held.WrittenCount == 0)
        {
            transport.Write(buffer);
        }
        else
        {
            held.Write(buffer);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (held.WrittenCount > 0)
        {
            transport.Write(ProblemInsteadOfEmptyError(held.WrittenSpan) ?? held.WrittenSpan);
            held.ResetWrittenCount();
        }

        await transport.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>The problem response for "HTTP/1.x NNN …" (NNN ≥ 400) with Content-Length: 0; null for anything else.</summary>
    public static byte[]? ProblemInsteadOfEmptyError(ReadOnlySpan<byte> response)
    {
        var end = response.IndexOf(HeadersEnd);
        if (end < 0 || response.Length < 12 || !response.StartsWith("HTTP/1."u8))
        {
            return null;
        }

        var headers = Encoding.ASCII.GetString(response[..end]);
        if (!int.TryParse(headers.AsSpan(9, 3), out var status) || status < 400
            || !headers.Contains("\r\nContent-Length: 0", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        var title = ReasonPhrases.GetReasonPhrase(status);
        // Completes synchronously: the result serialises into the MemoryStream.
        HttpFunctionRoutes.ExecuteAsync(context, ApiResults.Problem(status, title, "The web server refused the request before the app could read it."))
            .GetAwaiter().GetResult();
        var head = $"{headers[..8]} {status} {title}\r\nContent-Type: {context.Response.ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body.ToArray()];
    }
}
