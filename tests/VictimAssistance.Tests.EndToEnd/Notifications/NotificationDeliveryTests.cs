using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;
using static VictimAssistance.Tests.Notifications.NotificationHost;

namespace VictimAssistance.Tests.Notifications;

/// <summary>
/// Provider notifications end to end: the LocalHost consumes notify-provider and POSTs to a real receiver on
/// loopback, which verifies every signature with the tests' own implementation of the specification.
/// </summary>
public sealed class NotificationDeliveryTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    [Fact]
    public async Task A_receiver_that_fails_twice_then_accepts_gets_three_signed_attempts_with_one_webhook_id_and_one_delivery_is_recorded()
    {
        const string Provider = "notify-retry";
        host.Receiver.Answer(Provider, (attempt, _) => Task.FromResult(attempt <= 2 ? 503 : 200));
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-notify");
        var (caseId, referrals) = await host.OfferAsync(caseworker, Provider, "AZ-ABS", "medical");

        var history = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Delivered.Name, Provider), "the delivery recorded");

        var requests = host.Receiver.For(Provider);
        Assert.Equal(3, requests.Count);
        Assert.All(requests, request => Assert.True(request.SignatureVerifies, "a signature does not verify"));
        var webhookId = Assert.Single(requests.Select(request => request.Id).Distinct());
        var delivered = Only(history, Event(NotificationEvents.Delivered.Name, Provider));
        Assert.Equal(webhookId, (string)delivered["data"]!["webhookId"]!);
        Assert.Equal(200, (int)delivered["data"]!["statusCode"]!);
        Assert.Equal("system", (string)delivered["actor"]!["role"]!);
        AssertOfferBody(requests[0].Body, referrals["medical"], "medical");
        AssertNoSecretOrSignatureLogged(requests);
    }

    [Fact]
    public async Task A_webhook_names_its_sender_in_User_Agent_and_carries_no_trace_context_of_the_app()
    {
        const string Provider = "notify-headers";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-notify");
        var (caseId, _) = await host.OfferAsync(caseworker, Provider, "AZ-AGA", "medical");

        await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Delivered.Name, Provider), "the delivery recorded");

        var requests = host.Receiver.For(Provider);
        Assert.NotEmpty(requests);
        Assert.All(requests, request => Assert.Equal("VictimAssistance-Webhooks/1.0", request.UserAgent));
        Assert.All(requests, request => Assert.Empty(request.HeaderNames.Intersect(["traceparent", "tracestate", "request-id", "correlation-context", "baggage"])));
    }

    [Fact]
    public async Task A_receiver_that_always_fails_leaves_a_poison_message_and_a_recorded_failure_and_a_replay_after_the_fix_delivers_once()
    {
        const string Provider = "notify-broken";
        var fixedReceiver = false;
        host.Receiver.Answer(Provider, (_, _) => Task.FromResult(Volatile.Read(ref fixedReceiver) ? 200 : 500));
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-notify");
        var (caseId, _) = await host.OfferAsync(caseworker, Provider, "AZ-AGC", "legal");

        var failedHistory = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Failed.Name, Provider), "the failure recorded");
        var failed = Only(failedHistory, Event(NotificationEvents.Failed.Name, Provider))["data"]!;
        var webhookId = (string)failed["webhookId"]!;
        Assert.Equal("http_status", (string)failed["reason"]!);
        Assert.Equal(500, (int)failed["statusCode"]!);
        Assert.Equal(MaxDequeueCount, (int)failed["attempt"]!);
        await Eventually.GetAsync(
            () => PoisonBodiesAsync(QueueNames.NotifyProvider),
            bodies => bodies.Any(body => body.Contains(webhookId, StringComparison.Ordinal)),
            "the message in notify-provider-poison");
        Assert.Equal(MaxDequeueCount * 3, host.Receiver.For(Provider).Count);

        using var admin = host.ClientFor(Roles.Admin);
        var listed = (await admin.GetFromJsonAsync<JsonObject>($"/api/operations/poison/{QueueNames.NotifyProvider}"))!;
        Assert.NotEmpty(listed["items"]!.AsArray());
        Assert.DoesNotContain(webhookId, listed.ToJsonString(), StringComparison.Ordinal);
        Volatile.Write(ref fixedReceiver, true);
        using (var replay = await admin.PostAsync($"/api/operations/poison/{QueueNames.NotifyProvider}/replay", null))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.True((int)(await replay.ReadObjectAsync())["replayed"]! >= 1);
        }

        var history = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Delivered.Name, Provider), "the replayed notification delivered");
        Only(history, Event(NotificationEvents.Delivered.Name, Provider));
        Assert.Equal((MaxDequeueCount * 3) + 1, host.Receiver.For(Provider).Count);
        Assert.DoesNotContain(await PoisonBodiesAsync(QueueNames.NotifyProvider), body => body.Contains(webhookId, StringComparison.Ordinal));
        AssertNoSecretOrSignatureLogged(host.Receiver.For(Provider));
    }

    [Fact]
    public async Task A_notification_delivered_again_by_the_queue_after_its_success_is_not_posted_again()
    {
        const string Provider = "notify-duplicate";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-notify");
        var (caseId, referrals) = await host.OfferAsync(caseworker, Provider, "AZ-AGS", "education");
        var history = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Delivered.Name, Provider), "the delivery recorded");
        var delivered = Only(history, Event(NotificationEvents.Delivered.Name, Provider));
        var webhookId = (string)delivered["data"]!["webhookId"]!;

        await host.Storage.SendAsync(
            QueueNames.NotifyProvider,
            new NotifyProviderMessage(webhookId, caseId, referrals["education"], Provider, ReferralEvents.Offered.Name, DateTimeOffset.UtcNow, "education", "routine", RespondBy: null),
            NotificationJson.Default.NotifyProviderMessage,
            visibilityDelay: null,
            CancellationToken.None);
        await Eventually.GetAsync(
            () => Task.FromResult(host.Logs.All),
            logs => logs.Contains($"Notification {webhookId} (webhook) is recorded as delivered already", StringComparison.Ordinal),
            "the duplicate handled");

        Assert.Single(host.Receiver.For(Provider));
        Only(await HistoryAsync(caseworker, caseId), Event(NotificationEvents.Delivered.Name, Provider));
    }

    [Fact]
    public async Task Closing_a_case_notifies_the_provider_that_held_its_referral_of_the_cancellation()
    {
        const string Provider = "notify-cancel";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-notify");
        var (caseId, referrals) = await host.OfferAsync(caseworker, Provider, "AZ-AGU", "psychosocial");
        await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Delivered.Name, Provider), "the offer delivered");

        using (var close = await caseworker.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "moved away" }))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        var requests = await Eventually.GetAsync(
            () => Task.FromResult(host.Receiver.For(Provider)),
            received => received.Any(request => Type(request) == ReferralEvents.Cancelled.Name),
            "the cancellation received");
        // At least once: a POST whose answer came too late is sent again with the same webhook-id.
        var cancellation = requests.Where(request => Type(request) == ReferralEvents.Cancelled.Name).DistinctBy(request => request.Id).Single();
        Assert.True(cancellation.SignatureVerifies);
        var data = JsonNode.Parse(cancellation.Body)!["data"]!;
        Assert.Equal(referrals["psychosocial"], (string)data["referralId"]!);
        Assert.Null(data["respondBy"]);
        Assert.Equal(2, requests.Select(request => request.Id).Distinct().Count());
        await Eventually.GetAsync(
            () => HistoryAsync(caseworker, caseId),
            history => history.Count(item => Event(NotificationEvents.Delivered.Name, Provider)(item)) == 2,
            "both deliveries recorded on the closed case");
    }

    [Fact]
    public async Task A_provider_without_any_channel_is_sent_nothing_recorded_once_as_no_channel_and_its_referral_stays_offered_and_listed()
    {
        const string Provider = "notify-no-webhook";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-notify");
        var (caseId, referrals) = await host.OfferAsync(caseworker, Provider, "AZ-AST", "livelihood", withWebhook: false);

        var history = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Failed.Name, Provider), "the notice recorded as failed");

        using var provider = host.ClientFor(Roles.Provider, providerId: Provider);
        var listed = (await provider.GetFromJsonAsync<JsonObject>("/api/referrals"))!["items"]!.AsArray();
        Assert.Contains(listed, referral => (string)referral!["referralId"]! == referrals["livelihood"] && (string)referral["status"]! == "offered");
        var failed = Assert.Single(history, item => ((string)item["type"]!).StartsWith("notification.", StringComparison.Ordinal));
        Assert.Equal(DeliveryReasons.NoChannel, (string)failed["data"]!["reason"]!);
        Assert.Null((string?)failed["data"]!["channel"]);
        Assert.Empty(host.Receiver.For(Provider));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_another_providers_delivery()
    {
        const string Slow = "notify-slow";
        const string Fast = "notify-fast";
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Receiver.Answer(Slow, async (_, cancellationToken) =>
        {
            await gate.Task.WaitAsync(cancellationToken);
            return 200;
        });
        await host.PutProviderAsync(Slow, "AZ-BAL", "rehabilitation");
        await host.PutProviderAsync(Fast, "AZ-BAL", "medical");
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-notify");
        var (caseId, _) = await RegisterAsync(caseworker, "AZ-BAL", "rehabilitation", "medical");

        try
        {
            await Eventually.GetAsync(() => Task.FromResult(host.Receiver.For(Slow)), requests => requests.Count > 0, "the slow receiver reached");
            var history = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Delivered.Name, Fast), "the other provider's delivery");

            Assert.DoesNotContain(history, Event(NotificationEvents.Delivered.Name, Slow));
        }
        finally
        {
            gate.SetResult();
        }
    }

    [Fact]
    public async Task A_receiver_that_answers_410_gone_has_its_webhook_disabled_with_the_reason_recorded()
    {
        const string Provider = "notify-gone";
        host.Receiver.Answer(Provider, (_, _) => Task.FromResult(410));
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-notify");
        var (caseId, _) = await host.OfferAsync(caseworker, Provider, "AZ-BEY", "medical");

        var history = await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Failed.Name, Provider), "the failure recorded");

        Assert.Equal("webhook_gone", (string)Only(history, Event(NotificationEvents.Failed.Name, Provider))["data"]!["reason"]!);
        Assert.Single(host.Receiver.For(Provider));
        using var admin = host.ClientFor(Roles.Admin);
        var webhook = (await admin.GetFromJsonAsync<JsonObject>($"/api/providers/{Provider}"))!["webhook"]!;
        Assert.Equal("webhook_gone", (string)webhook["disabledReason"]!);
        Assert.NotNull(webhook["disabledAt"]);
    }

    /// <summary>The one event of the history the condition accepts.</summary>
    private static JsonObject Only(List<JsonObject> history, Predicate<JsonObject> wanted)
    {
        Assert.Single(history, wanted);
        return history.Find(wanted)!;
    }

    private static string Type(ReceivedWebhook request) => (string)JsonNode.Parse(request.Body)!["type"]!;

    private static void AssertOfferBody(string body, string referralId, string serviceType)
    {
        var notification = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(["type", "timestamp", "data"], notification.Select(property => property.Key));
        Assert.Equal(ReferralEvents.Offered.Name, (string)notification["type"]!);
        var data = notification["data"]!.AsObject();
        Assert.Equal(["referralId", "serviceType", "urgency", "respondBy"], data.Select(property => property.Key));
        Assert.Equal(referralId, (string)data["referralId"]!);
        Assert.Equal(serviceType, (string)data["serviceType"]!);
        Assert.Equal("emergency", (string)data["urgency"]!);
        Assert.NotNull(data["respondBy"]);
        Assert.All(CaseSamples.PersonalValues, value => Assert.DoesNotContain(value, body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failed_deliveries_to_a_receiver_that_errs_and_one_that_refuses_connections_log_no_url_or_host()
    {
        const string Failing = "notify-logs-500";
        const string Closed = "notify-logs-closed";
        host.Receiver.Answer(Failing, (_, _) => Task.FromResult(500));
        var closedUrl = $"http://127.0.0.1:{ClosedPort()}/{Closed}";
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-notify");
        await host.PutProviderAsync(Failing, "AZ-BIL", "livelihood");
        await host.PutProviderAsync(Closed, "AZ-BIL", "education", webhookUrl: closedUrl);
        var (caseId, _) = await RegisterAsync(caseworker, "AZ-BIL", "livelihood", "education");

        await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Failed.Name, Failing), "the failure recorded");
        await WaitForHistoryAsync(caseworker, caseId, Event(NotificationEvents.Failed.Name, Closed), "the refused connection recorded");

        var logs = host.Logs.All;
        Assert.DoesNotContain(host.Receiver.BaseAddress.Authority, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(new Uri(closedUrl).Authority, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("/notify-logs-", logs, StringComparison.Ordinal);
    }

    // A loopback port that nothing listens on: bound, then released.
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void AssertNoSecretOrSignatureLogged(IEnumerable<ReceivedWebhook> requests)
    {
        var logs = host.Logs.All;
        Assert.DoesNotContain(ProviderSamples.Secret["whsec_".Length..], logs, StringComparison.Ordinal);
        Assert.All(requests, request => Assert.DoesNotContain(request.Signature["v1,".Length..], logs, StringComparison.Ordinal));
    }

    private async Task<List<string>> PoisonBodiesAsync(string queue) =>
        (await host.Storage.Queue(QueueNames.Poison(queue)).PeekMessagesAsync(32)).Value.Select(message => message.Body.ToString()).ToList();
}
