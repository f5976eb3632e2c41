using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>Which bytes written on a connection outside any request are rewritten to a problem, and how.</summary>
public sealed class RejectionRewritingTests
{
    [Fact]
    public void Kestrels_empty_error_response_becomes_a_problem_with_the_same_status()
    {
        var rejection = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\nServer: Kestrel\r\n\r\n"u8;

        var rewritten = Encoding.ASCII.GetString(RejectionRewritingStream.ProblemInsteadOfEmptyError(rejection)!);

        var (head, body) = (rewritten[..rewritten.IndexOf("\r\n\r\n", StringComparison.Ordinal)], rewritten[(rewritten.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {body.Length}", head, StringComparison.Ordinal);
        Assert.Equal(431, (int)JsonNode.Parse(body)!["status"]!);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: 42\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n")]
    [InlineData("\0\0\u0012\u0004\0\0\0\0\0")]
    public void Anything_else_is_left_alone(string written) =>
        Assert.Null(RejectionRewritingStream.ProblemInsteadOfEmptyError(Encoding.Latin1.GetBytes(written)));
}
