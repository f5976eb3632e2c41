using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// Hundreds of malformed or hostile requests over every route (see <see cref="HostileRequests"/>): none answers
/// 5xx, every refusal is application/problem+json (or the host's empty 404 for a path that matches no route),
/// every answer is one the OpenAPI document allows, and no table changes.
/// </summary>
public sealed class HostileRequestTests(IntakeHostFixture host) : IClassFixture<IntakeHostFixture>
{
    private const int Seed = 20261128;

    [Fact]
    public async Task Hundreds_of_hostile_requests_are_refused_as_problems_and_write_nothing()
    {
        var ids = await SeedAsync();
        var requests = HostileRequests.For(ids, Seed);
        Assert.True(requests.Count >= 300, $"Only {requests.Count} hostile requests.");
        await StorageSnapshot.WaitUntilQueuesAreDrainedAsync(host.Storage);
        var before = await StorageSnapshot.TakeAsync(host.Storage);

        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = Patience.Bound };
        var failures = new List<string>();
        foreach (var hostile in requests)
        {
            using var request = hostile.Build();
            using var response = await client.SendAsync(request);
            if (await FailureOf(hostile, request, response) is { } failure)
            {
                failures.Add($"{hostile.Description}: {failure}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} hostile requests were mishandled:\n{string.Join('\n', failures)}");
        await StorageSnapshot.WaitUntilQueuesAreDrainedAsync(host.Storage);
        StorageSnapshot.AssertUnchanged(before, await StorageSnapshot.TakeAsync(host.Storage));
        LogAssertions.AssertNoPersonalDataOrSecrets(host.Logs);
        host.ThrowIfAFunctionFailed();
    }

    private static async Task<string?> FailureOf(HostileRequest hostile, HttpRequestMessage request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsByteArrayAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var path = request.RequestUri!.AbsolutePath;
        var template = OpenApiContract.Served.OperationTemplate(request.Method, path);
        if (status >= 500)
        {
            return $"answered {status}";
        }

        if (status < 400)
        {
            return $"was accepted ({status})";
        }

        if (template is null && status == 404 && body.Length == 0)
        {
            return null; // The host's answer to a path that matches no route.
        }

        if (mediaType != "application/problem+json")
        {
            return $"answered {status} as {mediaType ?? "no content type"}";
        }

        return template is null || hostile.RefusedBeforeRouting ? null : OpenApiContract.Served.Violation(request.Method, path, status, mediaType, body);
    }

    private async Task<RouteIds> SeedAsync()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-hostile");
        var (caseId, referrals) = await RoutedCases.RegisterAndRouteAsync(host, caseworker, "AZ-IMI", "hostile-provider");
        return new RouteIds(caseId, (string)referrals[0]!["referralId"]!, "hostile-provider", "org-hostile");
    }
}
