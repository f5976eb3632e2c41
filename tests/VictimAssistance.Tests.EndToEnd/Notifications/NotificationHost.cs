using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Notifications;

/// <summary>
/// The LocalHost with quick delivery retries and three queue attempts, and a webhook receiver on loopback. Each
/// test uses its own admin1 code and providers, so one test's referrals never reach another's providers.
/// </summary>
public class NotificationHost : LocalHostFixture
{
    public const int MaxDequeueCount = 3;

    private WebhookReceiver? receiver;

    public WebhookReceiver Receiver => receiver ?? throw new InvalidOperationException("The receiver has not started.");

    public override async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }
    }

    /// <summary>A provider of one service in one area, its webhook on the receiver (or the given URL, or none).</summary>
    public async Task PutProviderAsync(string providerId, string area, string service, string? webhookUrl = null, bool withWebhook = true)
    {
        var provider = ProviderSamples.Provider(services: [service], admin1: [area], withWebhook: withWebhook);
        if (withWebhook)
        {
            provider["webhook"]!["url"] = webhookUrl ?? Receiver.UrlFor(providerId);
        }

        using var admin = ClientFor(Roles.Admin);
        using var response = await admin.PutProviderAsync(providerId, provider);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"PUT {providerId}: {response.StatusCode}");
    }

    /// <summary>Puts a provider of one service in the area (see <see cref="PutProviderAsync"/>) and registers a case that needs it.</summary>
    public async Task<(string CaseId, Dictionary<string, string> Referrals)> OfferAsync(
        HttpClient caseworker, string providerId, string area, string service, string? webhookUrl = null, bool withWebhook = true)
    {
        await PutProviderAsync(providerId, area, service, webhookUrl, withWebhook);
        return await RegisterAsync(caseworker, area, service);
    }

    /// <summary>Registers a case with one need per service in the area; the case id and its referral ids by service.</summary>
    public static async Task<(string CaseId, Dictionary<string, string> Referrals)> RegisterAsync(HttpClient caseworker, string area, params string[] services)
    {
        var registration = CaseSamples.Registration();
        registration["survivor"]!["location"]!["admin1"] = area;
        registration["needs"] = new JsonArray(services.Select(service => (JsonNode?)new JsonObject { ["serviceType"] = service, ["urgency"] = "emergency" }).ToArray());
        using var response = await caseworker.RegisterAsync(registration);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadObjectAsync();
        var referrals = body["referrals"]!.AsArray().ToDictionary(referral => (string)referral!["serviceType"]!, referral => (string)referral!["referralId"]!);
        return ((string)body["caseId"]!, referrals);
    }

    public static async Task<List<JsonObject>> HistoryAsync(HttpClient caseworker, string caseId) =>
        (await caseworker.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}/history"))!["events"]!.AsArray().Select(item => item!.AsObject()).ToList();

    /// <summary>Waits until the case history has an event the condition accepts, and returns the whole history.</summary>
    public static Task<List<JsonObject>> WaitForHistoryAsync(HttpClient caseworker, string caseId, Predicate<JsonObject> wanted, string what) =>
        Eventually.GetAsync(() => HistoryAsync(caseworker, caseId), history => history.Exists(wanted), what);

    public static Predicate<JsonObject> Event(string type, string providerId) =>
        item => (string)item["type"]! == type && (string?)item["data"]!["providerId"] == providerId;

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = $"{MaxDequeueCount}";
        // Attempts that only a receiver that never answers outlasts: a loaded machine's slow answer must not become
        // an extra attempt, which the tests count (the circuit breaker needs at least twice the attempt timeout).
        settings["Notifications:Resilience:AttemptTimeout:Timeout"] = "00:00:30";
        settings["Notifications:Resilience:TotalRequestTimeout:Timeout"] = "00:02:00";
        settings["Notifications:Resilience:Retry:MaxRetryAttempts"] = "2";
        settings["Notifications:Resilience:Retry:Delay"] = "00:00:00.050";
        settings["Notifications:Resilience:CircuitBreaker:SamplingDuration"] = "00:01:00";
        return settings;
    }
}
