using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Security;

namespace VictimAssistance.LocalHost;

/// <summary>
/// <c>--seed</c>: loads <c>seeds/</c> into the running LocalHost through its public HTTP API, as a client would, so
/// every rule applies: providers (admin PUT), cases (caseworker POST with an Idempotency-Key per file) and Kobo
/// submissions (the first intake key). Seeding twice changes nothing: every request is idempotent.
/// </summary>
public static class DemoSeed
{
    public const string Switch = "--seed";

    /// <summary>The seeded provider the README's walk-through accepts and completes a referral as.</summary>
    public const string DemoProvider = "aghdam-rehabilitation-centre";

    /// <summary>The ids of the cases the seed registered or found registered.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(WebApplication app, TextWriter output, CancellationToken cancellationToken = default)
    {
        var root = RepositoryLayout.FindRoot();
        var tokens = LocalHostApp.DevelopmentTokensByRole(app.Services);
        using var client = new HttpClient { BaseAddress = new Uri(LocalHostApp.ListeningAddresses(app)[0]) };
        var caseIds = new List<string>();
        output.WriteLine("Seeding from seeds/ through the API:");

        foreach (var file in Files(root, "providers"))
        {
            using var request = Request(HttpMethod.Put, $"/api/providers/{Path.GetFileNameWithoutExtension(file)}", file, tokens[Roles.Admin]);
            await SendAsync(client, request, file, output, cancellationToken).ConfigureAwait(false);
        }

        foreach (var file in Files(root, "cases"))
        {
            using var request = Request(HttpMethod.Post, "/api/cases", file, tokens[Roles.Caseworker]);
            request.Headers.Add("Idempotency-Key", $"seed-{Path.GetFileNameWithoutExtension(file)}");
            caseIds.Add(await SendAsync(client, request, file, output, cancellationToken).ConfigureAwait(false));
        }

        // An edited submission is sent after the submission it edits: the file names sort that way (-1, -2-edited).
        var intake = app.Services.GetRequiredService<IOptions<IntakeOptions>>().Value.Keys.FirstOrDefault();
        foreach (var file in intake is null ? [] : Files(root, "kobo"))
        {
            using var request = Request(HttpMethod.Post, "/api/intake/kobo", file, token: null);
            request.Headers.Add("X-Intake-Key", intake!.Key);
            caseIds.Add(await SendAsync(client, request, file, output, cancellationToken).ConfigureAwait(false));
        }

        if (intake is null)
        {
            output.WriteLine("  (no Intake:Keys configured: the Kobo submissions were not sent)");
        }

        if (LocalHostApp.DevelopmentToken(app.Services, Roles.Provider, DemoProvider) is { } providerToken)
        {
            output.WriteLine($"Provider token for {DemoProvider} (the README's demo): {providerToken}");
        }

        return caseIds.Distinct().ToList();
    }

    private static IEnumerable<string> Files(string root, string folder) =>
        Directory.GetFiles(Path.Combine(root, "seeds", folder), "*.json").Order(StringComparer.Ordinal);

    private static HttpRequestMessage Request(HttpMethod method, string path, string file, string? token)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(File.ReadAllText(file), Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>Sends one request and prints it; the case id of a case registered or taken in, else the empty string.</summary>
    private static async Task<string> SendAsync(HttpClient client, HttpRequestMessage request, string file, TextWriter output, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        output.WriteLine($"  {request.Method} {request.RequestUri} ({Path.GetRelativePath(RepositoryLayout.FindRoot(), file)}) -> {(int)response.StatusCode} {location}");
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Seeding stopped: {request.Method} {request.RequestUri} answered {(int)response.StatusCode}.");
        }

        return location.StartsWith("/api/cases/", StringComparison.Ordinal) ? location["/api/cases/".Length..] : string.Empty;
    }
}
