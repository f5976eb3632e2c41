using System.Net;
using System.Text.Json.Nodes;

namespace VictimAssistance.Tests.Support;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with the status, and returns its body.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadObjectAsync();
        Assert.Equal((int)status, (int)body["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["title"]));
        Assert.False(string.IsNullOrEmpty((string?)body["type"]));
        var text = body.ToJsonString();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        return body;
    }

    public static async Task<JsonObject> AssertValidationProblemAsync(this HttpResponseMessage response, params string[] fieldPaths)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = body["errors"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"No errors in {body.ToJsonString()}");
        foreach (var path in fieldPaths)
        {
            Assert.True(errors.ContainsKey(path), $"Expected an error for '{path}' in {errors.ToJsonString()}");
        }

        return body;
    }
}
