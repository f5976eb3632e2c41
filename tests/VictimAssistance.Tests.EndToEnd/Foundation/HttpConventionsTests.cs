using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Foundation;

public sealed class HttpConventionsTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task Health_is_anonymous_and_says_healthy_when_storage_answers()
    {
        using var response = await host.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"healthy\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_is_anonymous_and_is_the_file_in_the_repository()
    {
        using var response = await host.Client.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var inRepository = await File.ReadAllBytesAsync(Path.Combine(RepositoryLayout.FindRoot(), "functions", "VictimAssistance.Functions", "openapi.json"));
        Assert.Equal(inRepository, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task The_OpenAPI_document_is_compressed_when_the_client_accepts_it_and_decompresses_to_the_file(string encoding)
    {
        using var response = await GetAcceptingAsync("/api/openapi.json", encoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        var inRepository = await File.ReadAllBytesAsync(Path.Combine(RepositoryLayout.FindRoot(), "functions", "VictimAssistance.Functions", "openapi.json"));
        Assert.True(compressed.Length < inRepository.Length / 4, $"{compressed.Length} bytes compressed of {inRepository.Length}");
        Assert.Equal(inRepository, Decompress(compressed, encoding));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task A_problem_is_compressed_as_it_is_and_keeps_its_media_type(string encoding)
    {
        using var response = await GetAcceptingAsync("/api/cases", encoding);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        var problem = JsonNode.Parse(Decompress(await response.Content.ReadAsByteArrayAsync(), encoding))!;
        Assert.Equal(401, (int)problem["status"]!);
        Assert.Equal("Unauthorized", (string)problem["title"]!);
    }

    [Fact]
    public async Task Without_Accept_Encoding_nothing_is_compressed()
    {
        using var response = await host.Client.GetAsync("/api/openapi.json");

        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Unknown_route_is_404_with_an_empty_body_as_the_Functions_host_answers()
    {
        using var client = host.ClientOutsideTheContract();
        using var response = await client.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Wrong_method_is_404_with_an_empty_body_as_the_Functions_host_answers()
    {
        using var client = host.ClientOutsideTheContract();
        using var response = await client.DeleteAsync("/api/health");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Wrong_content_type_is_415_problem()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-http");
        using var content = new StringContent("{}", Encoding.UTF8, "text/plain");

        using var response = await client.PostAsync("/api/cases", content);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Body_over_256_KiB_is_413_problem()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-http");
        var huge = $"{{\"victimType\":\"{new string('x', 300 * 1024)}\"}}";
        using var content = new StringContent(huge, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/cases", content);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("not json", "$")]
    [InlineData("[1,2]", "$")]
    [InlineData("{\"victimType\":\"survivor\",\"organization\":\"org-other\"}", "organization")]
    [InlineData("{\"survivor\":{\"givenName\":\"A\\u0007\"}}", "survivor.givenName")]
    [InlineData("{\"survivor\":{\"estimatedAge\":\"12\"}}", "survivor.estimatedAge")]
    public async Task Malformed_or_unknown_input_is_400_naming_the_field(string body, string fieldPath)
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-http");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/cases", content);

        await response.AssertValidationProblemAsync(fieldPath);
    }

    [Fact]
    public async Task The_LocalHost_prints_a_development_token_for_every_role()
    {
        var tokens = LocalHostApp.DevelopmentTokensByRole(host.App.Services);

        Assert.Equal(Roles.All.Order(), tokens.Keys.Order());
        foreach (var (role, token) in tokens)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases/00000000000000000000000000000000");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await host.Client.SendAsync(request);
            var expected = role is Roles.Caseworker or Roles.Admin ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
            Assert.Equal(expected, response.StatusCode);
        }
    }

    private async Task<HttpResponseMessage> GetAcceptingAsync(string path, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        return await host.Client.SendAsync(request);
    }

    private static byte[] Decompress(byte[] compressed, string encoding)
    {
        using var input = new MemoryStream(compressed);
        using Stream decoder = encoding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}

/// <summary>Storage stops while the app runs: 503 with Retry-After, never a 500 or a half-written case.</summary>
public sealed class StorageOutageTests(StorageOutageTests.StoppableStorageHost host) : IClassFixture<StorageOutageTests.StoppableStorageHost>
{
    [Fact]
    public async Task Health_and_writes_answer_503_when_storage_is_down()
    {
        using var client = host.ClientFor(Roles.Caseworker, "org-outage");
        host.StopStorage();

        using var health = await host.Client.GetAsync("/api/health");
        using var register = await client.RegisterAsync(CaseSamples.Registration());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("{\"status\":\"unhealthy\"}", await health.Content.ReadAsStringAsync());
        await register.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(register.Headers.RetryAfter);
    }

    /// <summary>The LocalHost on an Azurite of its own, which the test stops: stopping the shared one would take every other class's storage.</summary>
    public sealed class StoppableStorageHost : LocalHostFixture
    {
        protected override bool HasOwnAzurite => true;
    }
}
