using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Notifications;

/// <summary>Runs the app's queue functions by hand on the Core on Azurite (<see cref="CoreOnAzurite"/>), where nothing polls the queues.</summary>
public sealed class CoreQueues(AzuriteFixture azurite, IServiceProvider services)
{
    /// <summary>
    /// Takes every message of the app's queues (but <paramref name="skipped"/>) and runs it, twice at once when
    /// <paramref name="twiceAtOnce"/> (as a duplicated delivery would), until all are empty.
    /// </summary>
    public async Task DrainAsync(bool twiceAtOnce, params string[] skipped)
    {
        var outbox = services.GetRequiredService<CaseOutboxProcessor>();
        var router = services.GetRequiredService<ReferralRouter>();
        var notifier = services.GetRequiredService<ProviderNotifier>();
        var rerouter = services.GetRequiredService<UnmetReferralRerouter>();
        var accessLog = services.GetRequiredService<AccessLogWriter>();
        var functions = new Dictionary<string, Func<string, long, Task>>
        {
            [QueueNames.CaseOutbox] = (text, _) => outbox.ProcessAsync(text, CancellationToken.None),
            [QueueNames.RouteReferral] = (text, _) => router.RouteAsync(text, CancellationToken.None),
            [QueueNames.NotifyProvider] = (text, attempt) => notifier.NotifyAsync(text, attempt, CancellationToken.None),
            [QueueNames.ProviderChanged] = (text, _) => rerouter.RerouteAsync(text, CancellationToken.None),
            [QueueNames.AccessLog] = (text, _) => accessLog.WriteAsync(text, CancellationToken.None),
        };
        for (var round = 0; round < 50; round++)
        {
            var handled = 0;
            foreach (var (queueName, run) in functions.Where(function => !skipped.Contains(function.Key)))
            {
                var queue = azurite.Storage.Queue(queueName);
                foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
                {
                    var text = message.Body.ToString();
                    await (twiceAtOnce ? Task.WhenAll(run(text, message.DequeueCount), run(text, message.DequeueCount)) : run(text, message.DequeueCount));
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    handled++;
                }
            }

            if (handled == 0)
            {
                return;
            }
        }

        throw new Xunit.Sdk.XunitException("The queues did not drain.");
    }

    /// <summary>Removes and returns every message of the queue, for a test that runs them itself.</summary>
    public async Task<List<string>> TakeAllAsync(string queueName)
    {
        var queue = azurite.Storage.Queue(queueName);
        var taken = new List<string>();
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                taken.Add(message.Body.ToString());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return taken;
    }
}
