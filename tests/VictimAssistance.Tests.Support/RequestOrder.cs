using Azure.Core;
using Azure.Core.Pipeline;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// A network that delivers requests in an order a test chooses: a request that <see cref="After"/> names is held
/// until the answer to another chosen request has arrived. Added to the app's storage clients as an
/// <see cref="HttpPipelinePolicy"/>, so a race between two storage calls is played out the same way every run.
/// </summary>
public sealed class RequestOrder : HttpPipelinePolicy
{
    private readonly List<(Func<Request, bool> Held, Func<Request, bool> Awaited, TaskCompletionSource Answered)> rules = [];

    /// <summary>The first request that <paramref name="held"/> picks waits until a request that <paramref name="awaited"/> picks has its answer.</summary>
    public void After(Func<Request, bool> awaited, Func<Request, bool> held)
    {
        lock (rules)
        {
            rules.Add((held, awaited, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The app's storage calls are asynchronous.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Task? wait;
        lock (rules)
        {
            var index = rules.FindIndex(rule => rule.Held(message.Request));
            wait = index < 0 ? null : rules[index].Answered.Task;
            if (index >= 0)
            {
                // Only the first such request is held.
                var rule = rules[index];
                rules[index] = (_ => false, rule.Awaited, rule.Answered);
            }
        }

        if (wait is not null)
        {
            await wait.WaitAsync(message.CancellationToken);
        }

        await ProcessNextAsync(message, pipeline);
        lock (rules)
        {
            foreach (var rule in rules.Where(rule => !rule.Answered.Task.IsCompleted && rule.Awaited(message.Request)))
            {
                rule.Answered.TrySetResult();
            }
        }
    }
}
