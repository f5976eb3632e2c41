using Azure.Core;
using Azure.Core.Pipeline;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// A network that loses answers: the chosen requests reach storage and are carried out, and then the caller hears
/// nothing back (an <see cref="IOException"/>, as from a dropped connection), so it cannot know what happened.
/// Added to the app's storage clients as an <see cref="HttpPipelinePolicy"/>; it sees every try of every call.
/// </summary>
public sealed class LostAnswers : HttpPipelinePolicy
{
    private readonly Lock gate = new();
    private Func<Request, bool> matches = _ => false;
    private int remaining;

    /// <summary>Loses the answers of the next <paramref name="count"/> tries that <paramref name="requests"/> picks.</summary>
    public void LoseNext(int count, Func<Request, bool> requests)
    {
        lock (gate)
        {
            remaining = count;
            matches = requests;
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        LoseIfChosen(message.Request);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        LoseIfChosen(message.Request);
    }

    private void LoseIfChosen(Request request)
    {
        lock (gate)
        {
            if (remaining == 0 || !matches(request))
            {
                return;
            }

            remaining--;
        }

        throw new IOException("The test network lost the answer.");
    }
}
