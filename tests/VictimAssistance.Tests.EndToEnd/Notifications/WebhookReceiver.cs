using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Notifications;

/// <summary>One webhook request as the receiver saw it, with its signature checked by the tests' own verifier.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, bool SignatureVerifies)
{
    /// <summary>The names of every header of the request, lowercase.</summary>
    public IReadOnlySet<string> HeaderNames { get; init; } = new HashSet<string>();

    public string UserAgent { get; init; } = string.Empty;
}

/// <summary>
/// A real HTTP receiver on loopback (Kestrel, port 0): one path per provider, each answering as its test says
/// (by default 204), and every request kept with its signature verified from the specification.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedWebhook>> received = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<int, CancellationToken, Task<int>>> answers = new(StringComparer.Ordinal);
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver.app.MapPost("/{providerId}", receiver.ReceiveAsync);
        await receiver.app.StartAsync();
        receiver.BaseAddress = new Uri(LocalHostApp.ListeningAddresses(receiver.app).Single());
        return receiver;
    }

    public string UrlFor(string providerId) => new Uri(BaseAddress, providerId).ToString();

    /// <summary>How the provider's path answers its n-th request (1, 2, …): a status code, possibly after a wait.</summary>
    public void Answer(string providerId, Func<int, CancellationToken, Task<int>> answer) => answers[providerId] = answer;

    public IReadOnlyList<ReceivedWebhook> For(string providerId) => received.TryGetValue(providerId, out var requests) ? requests.ToArray() : [];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(string providerId, HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var id = request.Headers["webhook-id"].ToString();
        var timestamp = request.Headers["webhook-timestamp"].ToString();
        var signature = request.Headers["webhook-signature"].ToString();
        var requests = received.GetOrAdd(providerId, _ => new ConcurrentQueue<ReceivedWebhook>());
        requests.Enqueue(new ReceivedWebhook(id, timestamp, signature, body, SpecWebhookSignature.Verifies(ProviderSamples.Secret, id, timestamp, body, signature))
        {
            HeaderNames = request.Headers.Keys.Select(name => name.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
            UserAgent = request.Headers.UserAgent.ToString(),
        });
        var status = answers.TryGetValue(providerId, out var answer) ? await answer(requests.Count, cancellationToken) : StatusCodes.Status204NoContent;
        return Results.StatusCode(status);
    }
}
