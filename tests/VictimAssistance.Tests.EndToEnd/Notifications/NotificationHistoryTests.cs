using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Notifications;

/// <summary>The recorded outcome of a notification, on a real Azurite, without a host: the test decides what runs at once.</summary>
public sealed class NotificationHistoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-history"));

    [Fact]
    public async Task Deliveries_of_one_notification_recorded_at_the_same_moment_and_again_later_give_one_event_per_channel()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var registered = await services.GetRequiredService<CaseService>().RegisterAsync(
            Caseworker, JsonSerializer.Deserialize(CaseSamples.Registration().ToJsonString(), CaseJson.Api.CaseDetails)!, idempotencyKey: null, CancellationToken.None);
        var caseId = registered.Value!.Case.CaseId;
        var message = new NotifyProviderMessage(
            NotifyProviderMessage.IdFor(caseId, 2), caseId, registered.Value.Case.Referrals[0].ReferralId, "provider-history", ReferralEvents.Offered.Name, DateTimeOffset.UtcNow, "rehabilitation", "routine", RespondBy: null);
        var history = services.GetRequiredService<NotificationHistory>();
        var delivered = new DeliveryResult(DeliveryOutcome.Delivered, 204, DeliveryReasons.Delivered);

        Assert.False(await history.IsDeliveredAsync(message, NotificationChannels.Webhook, CancellationToken.None));
        await Task.WhenAll(Enumerable.Range(1, 4).Select(attempt => history.DeliveredAsync(message, NotificationChannels.Webhook, attempt, delivered, CancellationToken.None)));
        await history.DeliveredAsync(message, NotificationChannels.Webhook, 5, delivered, CancellationToken.None);
        Assert.False(await history.IsDeliveredAsync(message, NotificationChannels.Email, CancellationToken.None));
        await Task.WhenAll(Enumerable.Range(1, 2).Select(attempt => history.DeliveredAsync(message, NotificationChannels.Email, attempt, delivered, CancellationToken.None)));

        var events = await services.GetRequiredService<CaseStore>().LoadEventsAsync(caseId, CancellationToken.None);
        var recorded = events.Where(item => item.Type == NotificationEvents.Delivered.Name)
            .Select(item => NotificationEvents.Delivered.Read(item.Data).Channel).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([NotificationChannels.Email, NotificationChannels.Webhook], recorded);
        Assert.True(await history.IsDeliveredAsync(message, NotificationChannels.Webhook, CancellationToken.None));
        Assert.True(await history.IsDeliveredAsync(message, NotificationChannels.Email, CancellationToken.None));
    }
}
