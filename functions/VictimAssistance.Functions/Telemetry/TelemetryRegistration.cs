using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Functions.Telemetry;

public static class TelemetryRegistration
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// OpenTelemetry for the app's <see cref="AppTelemetry"/> source and meter, with the Functions worker's defaults
    /// (resource, invocation spans). Exported to Azure Monitor only when APPLICATIONINSIGHTS_CONNECTION_STRING is
    /// set: a local run sends nothing anywhere unless asked.
    /// </summary>
    public static IServiceCollection AddVictimAssistanceTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(AppTelemetry.Name)
                // Recorded even under a local parent that nothing sampled (ASP.NET Core's request activity in the
                // LocalHost), so a trace starts at the request; a remote parent's decision is kept.
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler(), localParentNotSampled: new AlwaysOnSampler())))
            .WithMetrics(metrics => metrics.AddMeter(AppTelemetry.Name));
        telemetry.UseFunctionsWorkerDefaults();
        if (configuration[ConnectionStringSetting] is { Length: > 0 } connectionString)
        {
            telemetry.UseAzureMonitorExporter(options => options.ConnectionString = connectionString);
        }

        return services;
    }
}
