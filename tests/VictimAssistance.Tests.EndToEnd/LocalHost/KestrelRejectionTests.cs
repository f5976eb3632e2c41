using System.Text.Json.Nodes;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>
/// Requests that Kestrel refuses before the app sees them still answer application/problem+json on the LocalHost,
/// while everything the app answers itself is left as it is.
/// </summary>
public sealed class KestrelRejectionTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    public static TheoryData<string, int> RejectedRequests => new()
    {
        { "a %00 path segment", 400 },
        { "a NUL byte in a header value", 400 },
        { "a byte that is not ASCII in a header value", 400 },
        { "a request line over 8 KiB", 414 },
        { "a header section over 32 KiB", 431 },
    };

    [Theory]
    [MemberData(nameof(RejectedRequests))]
    public async Task A_request_Kestrel_rejects_before_the_app_is_answered_as_a_problem(string request, int status)
    {
        var bytes = request switch
        {
            "a %00 path segment" => RawHttp.Get("/api/cases/%00"),
            "a NUL byte in a header value" => RawHttp.Get("/api/health", "X-Note: before\u0000after"),
            "a byte that is not ASCII in a header value" => RawHttp.Get("/api/health", "X-Note: caf\u00e9"),
            "a request line over 8 KiB" => RawHttp.Get($"/api/health?padding={new string('a', 9 * 1024)}"),
            _ => RawHttp.Get("/api/health", Enumerable.Range(0, 40).Select(index => $"X-Padding-{index}: {new string('a', 1000)}").ToArray()),
        };

        var response = await RawHttp.SendAsync(host.BaseAddress, bytes);

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.Headers["Content-Type"]);
        var problem = JsonNode.Parse(response.Body)!;
        Assert.Equal(status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.Equal(response.Body.Length, int.Parse(response.Headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_request_that_reaches_the_app_keeps_the_apps_own_answer_over_a_raw_connection()
    {
        var unknown = await RawHttp.SendAsync(host.BaseAddress, RawHttp.Get("/api/no-such-route"));
        var health = await RawHttp.SendAsync(host.BaseAddress, RawHttp.Get("/api/health"));

        Assert.Equal(404, unknown.Status);
        Assert.Equal(string.Empty, unknown.Body);
        Assert.Equal(200, health.Status);
        Assert.Contains("{\"status\":\"healthy\"}", health.Body, StringComparison.Ordinal);
    }
}
