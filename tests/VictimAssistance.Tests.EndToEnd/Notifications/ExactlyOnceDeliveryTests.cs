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
/// The Core on a real Azurite with nothing polling the queues, a real webhook receiver and a real SMTP server on
/// loopback: every message of every queue is handed to its function twice at the same moment, as a duplicated
/// delivery would be. Each notification still reaches the provider once per channel.
/// </summary>
public sealed class ExactlyOnceDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ProviderId = "exactly-once";
    private static readonly Caller Admin = new("admin-1", Roles.Admin, new AllRecords());
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-exactly-once"));

    [Fact]
    public async Task Two_needs_for_one_provider_with_every_message_duplicated_deliver_each_notification_once_per_channel()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var smtp = await SmtpReceiver.StartAsync();
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: smtp.Settings);
        var provider = new ProviderRequest(
            "Exactly once", true, ["legal", "medical"], new ProviderCoverage(["AZ-BIL"]), ["az"], 10, Eligibility: null, new WebhookRequest(receiver.UrlFor(ProviderId), ProviderSamples.Secret),
            Email: ["referrals@exactly-once.example"]);
        Assert.Null((await services.GetRequiredService<ProviderService>().PutAsync(Admin, ProviderId, provider, CancellationToken.None)).Problem);
        var details = JsonSerializer.Deserialize(CaseSamples.Registration().ToJsonString(), CaseJson.Api.CaseDetails)!;
        details = details with
        {
            Survivor = details.Survivor! with { Location = details.Survivor.Location! with { Admin1 = "AZ-BIL" } },
            Needs = [new NeedDetails("legal", "routine", Notes: null), new NeedDetails("medical", "emergency", Notes: null)],
        };
        var caseId = (await services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, details, idempotencyKey: null, CancellationToken.None)).Value!.Case.CaseId;

        await new CoreQueues(azurite, services).DrainAsync(twiceAtOnce: true);

        var deliveries = receiver.For(ProviderId).GroupBy(request => request.Id).ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, delivery => Assert.Single(delivery));
        var emails = smtp.Received.GroupBy(message => message.MessageId).ToList();
        Assert.Equal(deliveries.Select(delivery => EmailNotice.MessageIdFor(delivery.Key)).Order(), emails.Select(email => email.Key).Order());
        Assert.All(emails, email => Assert.Single(email));
        var events = await services.GetRequiredService<CaseStore>().LoadEventsAsync(caseId, CancellationToken.None);
        Assert.Equal(2, events.Count(item => item.Type == ReferralEvents.Offered.Name));
        var delivered = events.Where(item => item.Type == NotificationEvents.Delivered.Name).Select(item => NotificationEvents.Delivered.Read(item.Data)).ToList();
        Assert.Equal(2, delivered.Count(data => data.Channel == NotificationChannels.Webhook));
        Assert.Equal(2, delivered.Count(data => data.Channel == NotificationChannels.Email));
    }
}
