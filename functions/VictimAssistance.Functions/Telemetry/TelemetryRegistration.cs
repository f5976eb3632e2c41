using Azure.Core;
using Azure.Identity;
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

    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

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
            var credential = EntraCredential(configuration[AuthenticationStringSetting]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
            });
        }

        return services;
    }

    /// <summary>
    /// The credential that APPLICATIONINSIGHTS_AUTHENTICATION_STRING names, read as the Functions host reads it:
    /// <c>Authorization=AAD</c> (with <c>ClientId=</c> for a user-assigned identity) sends telemetry with the app's
    /// managed identity, which an Application Insights component with local authentication disabled requires.
    /// </summary>
    public static TokenCredential? EntraCredential(string? authenticationString)
    {
        var parts = (authenticationString ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
