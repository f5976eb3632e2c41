using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The category of Polly's telemetry log lines (resilience events and execution attempts).</summary>
    public const string PollyLogCategory = "Polly";

    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName);
        services.AddSingleton(provider => QueueAttempts.FromConfiguration(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<WebhookAddressGuard>();
        services.AddSingleton<WebhookSender>();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<NotificationHistory>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<ProviderNotifier>();
        services.AddSingleton<ICaseFollowUpHandler, NotifyProviders>();

        // Polly's telemetry names each webhook pipeline by its receiver's scheme, host and port (one circuit breaker
        // per authority) and logs every failed attempt with its exception, whose message names the host again: its
        // log lines are off, for the Kobo pull's client too, and the notifier and the pull log ids and outcomes.
        services.Configure<LoggerFilterOptions>(options => options.AddFilter(PollyLogCategory, LogLevel.None));

        // The resilience handler's total timeout bounds a delivery, not HttpClient.Timeout. The factory's own log
        // lines (with URLs) are removed: the notifier logs ids and outcomes only. No trace context goes out
        // (traceparent, tracestate, Request-Id): the receiver is outside, and the app's traces are its own.
        services.AddHttpClient(WebhookSender.ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(WebhookSender.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = provider.GetRequiredService<WebhookAddressGuard>().ConnectAsync,
                ActivityHeadersPropagator = null,
            })
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            .Configure((options, provider) =>
            {
                provider.GetRequiredService<IConfiguration>().GetSection(NotificationOptions.ResilienceSectionName).Bind(options);
                options.Retry.ShouldHandle = arguments => ValueTask.FromResult(IsTransient(arguments.Outcome));
                options.CircuitBreaker.ShouldHandle = arguments => ValueTask.FromResult(IsTransient(arguments.Outcome));
            })
            .SelectPipelineByAuthority();
        return services;
    }

    /// <summary>5xx, 408, 429, timeouts and connection failures, but never a refused address: that is permanent.</summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome) && WebhookRefusedException.Within(outcome.Exception) is null;
}
