using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>The LocalHost with the app's own telemetry registration, exported in memory.</summary>
public sealed class TelemetryHost : LocalHostFixture
{
    public Exported<Activity> Spans { get; } = new();

    public Exported<MetricSnapshot> Metrics { get; } = new();

    /// <summary>Exports every span and metric recorded so far.</summary>
    public void Flush()
    {
        App.Services.GetRequiredService<TracerProvider>().ForceFlush();
        App.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    protected override void Customize(WebApplicationBuilder builder)
    {
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
    }

    /// <summary>What an exporter wrote, from several threads at once.</summary>
    public sealed class Exported<T> : System.Collections.ObjectModel.Collection<T>
    {
        private readonly Lock gate = new();

        public IReadOnlyList<T> Snapshot()
        {
            lock (gate)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, T item)
        {
            lock (gate)
            {
                base.InsertItem(index, item);
            }
        }
    }
}

/// <summary>
/// The telemetry of a registration whose referrals are routed: one trace from the HTTP request through the outbox
/// to the router, the counters counted, and no personal data, secret or token in any span, attribute or metric.
/// </summary>
public sealed class TelemetryTests(TelemetryHost host) : IClassFixture<TelemetryHost>
{
    [Fact]
    public async Task A_registration_is_one_trace_from_the_request_through_the_outbox_to_routing_and_is_counted_without_personal_data()
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-telemetry");
        var (caseId, _) = await RoutedCases.RegisterAndRouteAsync(host, caseworker, "AZ-LER", "telemetry-provider");

        var spans = await Eventually.GetAsync(
            () =>
            {
                host.Flush();
                return Task.FromResult(host.Spans.Snapshot());
            },
            all => all.Any(span => span.DisplayName == $"{QueueNames.RouteReferral} process" && Tag(span, "va.case_id") == caseId),
            "the routing span (both referrals are routed by one message) exported");
        var outbox = spans.Where(span => span.DisplayName == $"{QueueNames.CaseOutbox} process" && Tag(span, "va.case_id") == caseId).ToList();
        var routing = spans.Where(span => span.DisplayName == $"{QueueNames.RouteReferral} process" && Tag(span, "va.case_id") == caseId).ToList();
        // The registration's outbox message may run more than once (it can arrive before its transaction): same parent.
        var registered = outbox.Where(span => Tag(span, "va.case_version") == "1").Select(span => span.ParentSpanId).Distinct().Single();
        var request = spans.Single(span => span.SpanId == registered);
        Assert.Equal("HTTP POST", request.DisplayName);
        Assert.All(outbox.Concat(routing), span => Assert.Equal(request.TraceId, span.TraceId));
        Assert.All(routing, span => Assert.Contains(outbox, parent => parent.SpanId == span.ParentSpanId));

        var metrics = host.Metrics.Snapshot();
        Assert.True(Sum(metrics, "va.cases.registered") >= 1);
        Assert.True(Sum(metrics, "va.referrals.offered") >= 2);
        // The test process runs other apps too, whose spans every listener sees: this app's are those of its trace.
        LogAssertions.AssertNoPersonalDataOrSecrets(Describe(spans.Where(span => span.TraceId == request.TraceId).ToList(), metrics), "telemetry");
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static long Sum(IReadOnlyList<MetricSnapshot> metrics, string name) =>
        metrics.Where(metric => metric.Name == name).Select(metric => metric.MetricPoints.Sum(point => point.GetSumLong())).DefaultIfEmpty(0).Max();

    // Everything an exporter would send: names, attributes, events, links, status, baggage, metric names and tags.
    private static string Describe(IReadOnlyList<Activity> spans, IReadOnlyList<MetricSnapshot> metrics)
    {
        var text = new StringBuilder();
        foreach (var span in spans)
        {
            text.AppendLine($"{span.Source.Name} {span.DisplayName} {span.OperationName} {span.StatusDescription}");
            text.AppendJoin(' ', span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}")).AppendLine();
            text.AppendJoin(' ', span.Events.SelectMany(item => item.Tags.Select(tag => $"{item.Name} {tag.Key}={tag.Value}"))).AppendLine();
            text.AppendJoin(' ', span.Baggage.Select(item => $"{item.Key}={item.Value}")).AppendLine();
        }

        foreach (var metric in metrics)
        {
            text.AppendLine($"{metric.MeterName} {metric.Name} {metric.Description} {metric.Unit}");
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    text.Append($" {tag.Key}={tag.Value}");
                }
            }
        }

        return text.ToString();
    }
}
