namespace VictimAssistance.LocalHost;

/// <summary>
/// The host.json settings (under <c>AzureFunctionsJobHost</c>, environment overrides included) that the LocalHost
/// emulates, and the ones it does not, which it names in a start-up warning rather than silently ignore.
/// </summary>
public static partial class HostJson
{
    public const string RoutePrefixKey = $"{FunctionsHostSettings.HostPrefix}:extensions:http:routePrefix";
    public const string LoggingSectionName = $"{FunctionsHostSettings.HostPrefix}:logging";

    private static readonly string[] EmulatedKeys =
    [
        "version",
        "extensions:http:routePrefix",
        "extensions:queues:batchSize",
        "extensions:queues:newBatchThreshold",
        "extensions:queues:maxDequeueCount",
        "extensions:queues:visibilityTimeout",
        "extensions:queues:maxPollingInterval",
        "extensions:queues:messageEncoding",
    ];

    private const string LogLevelPrefix = "logging:logLevel:";

    /// <summary>The host refuses a host.json without version 2.0.</summary>
    public static void EnsureVersion(IConfiguration configuration)
    {
        var version = configuration[$"{FunctionsHostSettings.HostPrefix}:version"];
        if (version != "2.0")
        {
            throw new LocalHostStartupException($"host.json version is '{version}'; the Functions host (v4) requires \"version\": \"2.0\".");
        }
    }

    /// <summary>The host's default prefix is "api"; an empty value serves routes at the root.</summary>
    public static string RoutePrefix(IConfiguration configuration) => (configuration[RoutePrefixKey] ?? "api").Trim('/');

    public static void WarnAboutUnemulatedSettings(IConfiguration configuration, ILogger logger)
    {
        var unemulated = UnemulatedSettings(configuration);
        if (unemulated.Count > 0)
        {
            LogUnemulated(logger, string.Join(", ", unemulated));
        }
    }

    /// <summary>Every set host.json key the LocalHost does not emulate, as dotted paths (e.g. <c>functionTimeout</c>, <c>retry.strategy</c>).</summary>
    public static IReadOnlyList<string> UnemulatedSettings(IConfiguration configuration) =>
        configuration.GetSection(FunctionsHostSettings.HostPrefix).AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .Select(pair => pair.Key)
            .Where(key => !EmulatedKeys.Contains(key, StringComparer.OrdinalIgnoreCase)
                && !key.StartsWith(LogLevelPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(key => key.Replace(':', '.'))
            .Order(StringComparer.Ordinal)
            .ToList();

    [LoggerMessage(Level = LogLevel.Warning, Message = "host.json settings the LocalHost does not emulate (they take effect only under the Functions host): {Settings}.")]
    private static partial void LogUnemulated(ILogger logger, string settings);
}
