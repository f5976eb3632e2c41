using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Contract;

/// <summary>How bodies are read over HTTP: the Content-Type as RFC 9110 writes it, duplicates, integers by value.</summary>
public sealed class RequestReadingTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Theory]
    [InlineData("application/json", HttpStatusCode.Created)]
    [InlineData("application/json; charset=\"utf-8\"", HttpStatusCode.Created)]
    [InlineData("Application/JSON;CHARSET=UTF-8", HttpStatusCode.Created)]
    [InlineData("application/json ;\tcharset=utf-8;", HttpStatusCode.Created)]
    [InlineData("application/json; charset=latin1", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=utf-8; profile=\"https://example.test/case\"", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; version=1", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application /json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("text/json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/merge-patch+json", HttpStatusCode.UnsupportedMediaType)]
    public async Task JSON_in_any_case_with_at_most_a_UTF_8_charset_is_read_and_anything_else_is_415(string contentType, HttpStatusCode expected)
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-reading");

        using var response = await client.PostAsync("/api/cases", Body(CaseSamples.Registration(), contentType));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_merge_patch_accepts_a_quoted_UTF_8_charset()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-reading");
        using var created = await client.RegisterAsync(CaseSamples.Registration());
        var caseId = (string)(await created.ReadObjectAsync())["caseId"]!;
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/cases/{caseId}")
        {
            Content = Body(new JsonObject { ["legalBasis"] = "vital_interest" }, "application/merge-patch+json; charset=\"UTF-8\""),
        };
        request.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_property_given_twice_deep_in_the_body_is_400_naming_it()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-reading");
        var json = CaseSamples.Registration().ToJsonString().Replace("\"admin1\":\"AZ-AGM\",", "\"admin1\":\"AZ-AGM\",\"admin1\":\"AZ-TAR\",", StringComparison.Ordinal);

        using var response = await client.PostAsync("/api/cases", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.AssertValidationProblemAsync("survivor.location.admin1");
        Assert.DoesNotContain("AZ-TAR", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_integer_written_with_a_zero_fraction_is_read_as_that_integer()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-reading");
        var body = CaseSamples.Registration();
        body["survivor"]!["estimatedAge"] = JsonNode.Parse("36.0");

        using var response = await client.RegisterAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("36", (await response.ReadObjectAsync())["survivor"]!["estimatedAge"]!.ToJsonString());
    }

    private static ByteArrayContent Body(JsonNode body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
