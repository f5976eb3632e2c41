using System.Net;
using System.Text;
using System.Text.Json;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Benchmarks.Registration;

/// <summary>The sample case of `seeds/cases/`: the body the benchmark registers, and its parsed details.</summary>
public sealed class SeedCase
{
    private SeedCase(string body)
    {
        Body = body;
        Details = JsonSerializer.Deserialize(body, CaseJson.Api.CaseDetails) ?? throw new InvalidDataException("The seed case is empty.");
    }

    public string Body { get; }

    public CaseDetails Details { get; }

    public static SeedCase Load(string repositoryRoot) =>
        new(File.ReadAllText(Path.Combine(repositoryRoot, "seeds", "cases", "survivor-with-rehabilitation-need.json")));

    /// <summary>Registers the case over HTTP as a caseworker; returns the new case's id.</summary>
    public async Task<string> RegisterAsync(HttpClient client, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/cases") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/cases answered {(int)response.StatusCode}.");
        }

        return response.Headers.Location!.OriginalString.Split('/')[^1];
    }
}
