using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.OpenApi;

public static class OpenApiFunctions
{
    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunctions).Assembly.GetManifestResourceStream("openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded in the Function app.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    [Function("OpenApi")]
    public static IActionResult GetDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        ApiResults.Content(Document.Value, "application/json");
}
