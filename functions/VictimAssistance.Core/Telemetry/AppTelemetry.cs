using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VictimAssistance.Core.Telemetry;

/// <summary>
/// The app's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>. Spans and
/// metrics carry ids, counts and queue names only: never a name, phone, date of birth, note, secret or token.
/// </summary>
public static class AppTelemetry
{
    public const string Name = "VictimAssistance";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Cases registered (answered 201; an idempotent replay is not counted).</summary>
    public static readonly Counter<long> CasesRegistered = Meter.CreateCounter<long>("va.cases.registered", "{case}", "Cases registered");

    /// <summary>Referrals the router offered to a provider.</summary>
    public static readonly Counter<long> ReferralsOffered = Meter.CreateCounter<long>("va.referrals.offered", "{referral}", "Referrals offered to a provider");

    /// <summary>Referrals the router found no provider for.</summary>
    public static readonly Counter<long> ReferralsUnmet = Meter.CreateCounter<long>("va.referrals.unmet", "{referral}", "Referrals without an eligible provider");

    /// <summary>Offers that expired unanswered.</summary>
    public static readonly Counter<long> ReferralsExpired = Meter.CreateCounter<long>("va.referrals.expired", "{referral}", "Offers expired unanswered");

    /// <summary>Provider notifications delivered (the webhook answered 2xx).</summary>
    public static readonly Counter<long> NotificationsDelivered = Meter.CreateCounter<long>("va.notifications.delivered", "{notification}", "Provider notifications delivered");

    /// <summary>Provider notifications given up on.</summary>
    public static readonly Counter<long> NotificationsFailed = Meter.CreateCounter<long>("va.notifications.failed", "{notification}", "Provider notifications failed");

    /// <summary>Held KoboToolbox submissions that waited longer than <c>Intake:HeldAlertAfter</c>, counted on every check; tag <c>organization</c>.</summary>
    public static readonly Counter<long> HeldSubmissionsOverdue = Meter.CreateCounter<long>("va.intake.held.overdue", "{submission}", "Held submissions waiting too long");

    /// <summary>Backups of the case tables written whole (every table and the manifest).</summary>
    public static readonly Counter<long> BackupsCompleted = Meter.CreateCounter<long>("va.backups.completed", "{backup}", "Backups of the case tables completed");

    /// <summary>Queue messages moved to a poison queue; tag <c>queue</c> names the queue they came from.</summary>
    public static readonly Counter<long> MessagesPoisoned = Meter.CreateCounter<long>("va.queue.poisoned", "{message}", "Queue messages moved to a poison queue");

    /// <summary>The W3C traceparent of the current span, carried in queue messages so the follow-up work joins the trace; null when nothing is traced.</summary>
    public static string? CurrentTraceParent => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Starts the span that processes one queue message, in the trace that the message's traceparent names.</summary>
    public static Activity? StartProcessing(string queueName, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, traceState: null, out var parent);
        var activity = Source.StartActivity($"{queueName} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.destination.name", queueName);
        return activity;
    }

    /// <summary>Counts a message moved to the poison queue of <paramref name="queueName"/>.</summary>
    public static void CountPoisoned(string queueName) => MessagesPoisoned.Add(1, new KeyValuePair<string, object?>("queue", queueName));
}
