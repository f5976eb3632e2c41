using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Notifications;

/// <summary>
/// The Core on a real Azurite with nothing polling the queues, and a real webhook receiver on loopback: every
/// message of every queue is handed to its function twice at the same moment, as a duplicated delivery would be.
/// Each notification still reaches the provider once.
/// </summary>
public sealed class ExactlyOnceDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ProviderId = "exactly-once";
    private static readonly Caller Admin = new("admin-1", Roles.Admin, new AllRecords());
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-exactly-once"));

    [Fact]
    public async Task Two_needs_for_one_provider_with_every_message_duplicated_deliver_each_notification_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var provider = new ProviderRequest(
            "Exactly once", true, ["legal", "medical"], new ProviderCoverage(["ONCE-1"]), ["az"], 10, Eligibility: null, new WebhookRequest(receiver.UrlFor(ProviderId), ProviderSamples.Secret));
        Assert.Null((await services.GetRequiredService<ProviderService>().PutAsync(Admin, ProviderId, provider, CancellationToken.None)).Problem);
        var details = JsonSerializer.Deserialize(CaseSamples.Registration().ToJsonString(), CaseJson.Api.CaseDetails)!;
        details = details with
        {
            Survivor = details.Survivor! with { Location = details.Survivor.Location! with { Admin1 = "ONCE-1" } },
            Needs = [new NeedDetails("legal", "routine", Notes: null), new NeedDetails("medical", "emergency", Notes: null)],
        };
        var caseId = (await services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, details, idempotencyKey: null, CancellationToken.None)).Value!.Case.CaseId;

        await DrainTwiceAtOnceAsync(services);

        var deliveries = receiver.For(ProviderId).GroupBy(request => request.Id).ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, delivery => Assert.Single(delivery));
        var events = await services.GetRequiredService<CaseStore>().LoadEventsAsync(caseId, CancellationToken.None);
        Assert.Equal(2, events.Count(item => item.Type == ReferralEvents.Offered.Name));
        Assert.Equal(2, events.Count(item => item.Type == NotificationEvents.Delivered.Name));
    }

    /// <summary>Takes every message of the app's queues and runs each twice at once, until all are empty.</summary>
    private async Task DrainTwiceAtOnceAsync(IServiceProvider services)
    {
        var outbox = services.GetRequiredService<CaseOutboxProcessor>();
        var router = services.GetRequiredService<ReferralRouter>();
        var notifier = services.GetRequiredService<ProviderNotifier>();
        var rerouter = services.GetRequiredService<UnmetReferralRerouter>();
        var functions = new Dictionary<string, Func<string, long, Task>>
        {
            [QueueNames.CaseOutbox] = (text, _) => outbox.ProcessAsync(text, CancellationToken.None),
            [QueueNames.RouteReferral] = (text, _) => router.RouteAsync(text, CancellationToken.None),
            [QueueNames.NotifyProvider] = (text, attempt) => notifier.NotifyAsync(text, attempt, CancellationToken.None),
            [QueueNames.ProviderChanged] = (text, _) => rerouter.RerouteAsync(text, CancellationToken.None),
        };
        for (var round = 0; round < 50; round++)
        {
            var handled = 0;
            foreach (var (queueName, run) in functions)
            {
                var queue = azurite.Storage.Queue(queueName);
                foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
                {
                    var text = message.Body.ToString();
                    await Task.WhenAll(run(text, message.DequeueCount), run(text, message.DequeueCount));
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
}
