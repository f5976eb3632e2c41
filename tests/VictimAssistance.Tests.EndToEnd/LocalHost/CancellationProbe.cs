using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Functions.Http;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>Signals when the probe function has started, and when its CancellationToken fired.</summary>
public sealed class CancellationProbe
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>An HTTP function, through the app's own HttpApi pipeline, that waits until its invocation is cancelled.</summary>
public sealed class CancellationProbeFunctions(HttpApi api, CancellationProbe probe)
{
    public const string Route = "probe/waits-for-cancellation";

    [Function("WaitsForCancellation")]
    public Task<IActionResult> WaitForCancellation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.AnonymousAsync(request, async () =>
        {
            probe.Started.TrySetResult();
            using (cancellationToken.Register(probe.Cancelled.SetResult))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new OkResult();
        });
}

/// <summary>A LocalHost serving only <see cref="CancellationProbeFunctions"/>.</summary>
public sealed class CancellationHost : LocalHostFixture
{
    public CancellationProbe Probe { get; } = new();

    protected override IReadOnlyList<Type>? FunctionClasses() => [typeof(CancellationProbeFunctions)];

    protected override void Customize(WebApplicationBuilder builder) => builder.Services.AddSingleton(Probe);
}
