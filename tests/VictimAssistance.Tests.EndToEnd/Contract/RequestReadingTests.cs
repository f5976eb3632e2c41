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

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    public async Task A_patch_sent_as_application_json_is_read_as_a_merge_patch(string contentType)
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-reading");
        using var created = await client.RegisterAsync(CaseSamples.Registration(referralConsent: false));
        var caseId = (string)(await created.ReadObjectAsync())["caseId"]!;
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/cases/{caseId}")
        {
            Content = Body(JsonNode.Parse("""{"survivor":{"preferredLanguage":"ru","location":{"community":null}}}""")!, contentType),
        };
        request.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await response.ReadObjectAsync();
        Assert.Equal("ru", (string)patched["survivor"]!["preferredLanguage"]!);
        Assert.Null(patched["survivor"]!["location"]!["community"]);
        Assert.Equal(CaseSamples.GivenName, (string)patched["survivor"]!["givenName"]!);
    }

    [Fact]
    public async Task A_patch_in_another_media_type_is_415_naming_both_accepted_ones()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-reading");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/cases/{new string('a', 32)}")
        {
            Content = Body(new JsonObject(), "text/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        using var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("The body must be application/merge-patch+json or application/json in UTF-8.", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_body_that_starts_with_a_UTF_8_byte_order_mark_is_read_without_it()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-reading");

        using var created = await client.PostAsync("/api/cases", WithByteOrderMark(CaseSamples.Registration(referralConsent: false), "application/json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (string)(await created.ReadObjectAsync())["caseId"]!;
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/cases/{caseId}")
        {
            Content = WithByteOrderMark(new JsonObject { ["legalBasis"] = "vital_interest" }, "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
        using var patched = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("vital_interest", (string)(await patched.ReadObjectAsync())["legalBasis"]!);
    }

    [Fact]
    public async Task A_byte_order_mark_anywhere_but_at_the_start_is_still_refused()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-reading");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetPreamble()).Concat(Encoding.UTF8.GetBytes(CaseSamples.Registration().ToJsonString())).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        using var response = await client.PostAsync("/api/cases", content);

        await response.AssertValidationProblemAsync("$");
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

    private static ByteArrayContent WithByteOrderMark(JsonNode body, string contentType)
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(body.ToJsonString())]);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static ByteArrayContent Body(JsonNode body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
