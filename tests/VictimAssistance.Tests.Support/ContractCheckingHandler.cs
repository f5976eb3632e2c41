namespace VictimAssistance.Tests.Support;

/// <summary>
/// Installed in every HttpClient the LocalHost fixture hands out: each response must be one that the OpenAPI
/// document declares for its route, status and content type, with a body that matches the declared schema.
/// A drift fails the test that made the call. A client made for requests outside the contract (an unknown
/// route, a wrong method) checks the opposite: that the route is indeed not in the document.
/// </summary>
public sealed class ContractCheckingHandler(bool outsideTheContract) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var contract = OpenApiContract.Served;
        if (outsideTheContract)
        {
            if (contract.OperationTemplate(request.Method, path) is { } template)
            {
                throw new Xunit.Sdk.XunitException($"{request.Method} {path} is in the contract ({template}): call it with a checked client.");
            }

            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = Decoded(await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentEncoding);
        var violation = contract.Violation(request.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        return violation is null ? response : throw new Xunit.Sdk.XunitException($"The response breaks the OpenAPI document: {violation}");
    }

    /// <summary>The body as the server wrote it before compressing it (the test reads the compressed bytes itself).</summary>
    public static byte[] Decoded(byte[] body, ICollection<string> contentEncoding)
    {
        if (contentEncoding.Count == 0)
        {
            return body;
        }

        using var compressed = new MemoryStream(body);
        using Stream decoder = contentEncoding.Single() switch
        {
            "gzip" => new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress),
            "br" => new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionMode.Decompress),
            var other => throw new Xunit.Sdk.XunitException($"Content-Encoding {other} is not one the API uses."),
        };
        using var decoded = new MemoryStream();
        decoder.CopyTo(decoded);
        return decoded.ToArray();
    }
}
