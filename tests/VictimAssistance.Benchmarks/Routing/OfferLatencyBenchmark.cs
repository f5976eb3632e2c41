using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VictimAssistance.Benchmarks.Registration;

namespace VictimAssistance.Benchmarks.Routing;

/// <summary>
/// From the 201 of a registration to its referral being `offered` (outbox → route-referral → offer), observed
/// by reading the case every 10 ms, with the queue polling host.json sets. One registration at a time.
/// </summary>
public sealed class OfferLatencyBenchmark : IBenchmark
{
    private const int Registrations = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public string Name => "offer-latency";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var seed = SeedCase.Load(run.RepositoryRoot);
        var host = await run.StartHostAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await PutProviderAsync(host.Client, cancellationToken).ConfigureAwait(false);
        var caseworker = BenchmarkHost.Token("caseworker", organization: "org-benchmark");

        var latencies = new Latencies();
        for (var registration = 0; registration < Registrations; registration++)
        {
            var caseId = await seed.RegisterAsync(host.Client, caseworker, cancellationToken).ConfigureAwait(false);
            var registered = Stopwatch.GetTimestamp();
            while (await ReferralStatusesAsync(host.Client, caseworker, caseId, cancellationToken).ConfigureAwait(false) is var statuses
                && !statuses.All(status => status == "offered"))
            {
                if (statuses.Any(status => status is not ("requested" or "offered")) || Stopwatch.GetElapsedTime(registered) > TimeSpan.FromMinutes(1))
                {
                    throw new InvalidOperationException($"Case {caseId}: referrals {string.Join(", ", statuses)} instead of offered.");
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }

            latencies.Add(Stopwatch.GetElapsedTime(registered));
        }

        return
        [
            new(Name, "201 to offered p50", latencies.Percentile(50), "ms"),
            new(Name, "201 to offered p95", latencies.Percentile(95), "ms", Goal: 500),
        ];
    }

    public static async Task PutProviderAsync(HttpClient client, CancellationToken cancellationToken)
    {
        const string provider = """
            {
              "name": "Benchmark Rehabilitation and Counselling Centre", "active": true, "services": ["rehabilitation", "psychosocial"],
              "coverage": { "admin1": ["AZ-AGM"] }, "languages": ["az"], "capacity": 500,
              "eligibility": { "sexes": ["female", "male", "unknown"], "minAge": 0, "maxAge": 120 }
            }
            """;
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/providers/benchmark-rehabilitation") { Content = new StringContent(provider, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", BenchmarkHost.Token("admin"));
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<List<string?>> ReferralStatusesAsync(HttpClient client, string token, string caseId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/cases/{caseId}");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken).ConfigureAwait(false);
        return body!.RootElement.GetProperty("referrals").EnumerateArray().Select(referral => referral.GetProperty("status").GetString()).ToList();
    }
}
