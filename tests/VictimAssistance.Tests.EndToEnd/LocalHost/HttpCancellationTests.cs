using System.Net;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>An HTTP function's CancellationToken fires when the client goes away, as the worker's FunctionContext.CancellationToken does.</summary>
public sealed class HttpCancellationTests(CancellationHost host) : IClassFixture<CancellationHost>
{
    [Fact]
    public async Task The_token_of_an_HTTP_function_is_cancelled_when_the_client_disconnects()
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var disconnect = new CancellationTokenSource();
        var request = client.GetAsync($"/api/{CancellationProbeFunctions.Route}", disconnect.Token);
        await Patience.WaitAsync(host.Probe.Started.Task, "the function to start");

        await disconnect.CancelAsync();

        await Patience.WaitAsync(host.Probe.Cancelled.Task, "the function's token to be cancelled");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.Empty(host.FunctionFailures);
    }
}

/// <summary>A host shutting down cancels running HTTP functions, and the app answers that as a cancellation, never a 500.</summary>
public sealed class HttpShutdownTests(CancellationHost host) : IClassFixture<CancellationHost>
{
    [Fact]
    public async Task A_function_cancelled_by_the_host_shutting_down_is_answered_503_not_500()
    {
        using var client = host.ClientOutsideTheContract();
        var request = client.GetAsync($"/api/{CancellationProbeFunctions.Route}");
        await Patience.WaitAsync(host.Probe.Started.Task, "the function to start");

        var stopping = host.App.StopAsync();
        using var response = await request;
        await stopping;

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(host.Probe.Cancelled.Task.IsCompleted);
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains("Unexpected error", StringComparison.Ordinal));
    }
}
