using Microsoft.Extensions.Configuration;

namespace VictimAssistance.Core.Security;

/// <summary>
/// Whether the app runs as a local development instance, which relaxes the strict rules: a development signing key is
/// accepted, webhooks and KoboToolbox may be reached over http on loopback, and tables and queues are created at
/// start-up. The strict rules are the default; they are relaxed only when the environment says explicitly that it is
/// local development (<see cref="FromConfiguration"/>).
/// </summary>
public sealed record HostingEnvironmentInfo(bool IsLocalDevelopment)
{
    public const string ModeSetting = "Hosting:Mode";
    public const string DevelopmentMode = "Development";

    // Microsoft.Extensions.Hosting's HostDefaults.EnvironmentKey (DOTNET_ENVIRONMENT, ASPNETCORE_ENVIRONMENT).
    private const string HostEnvironmentKey = "environment";

    /// <summary>
    /// Local development when all of these hold: <c>Hosting:Mode</c> is <c>Development</c> (or, when it is not set,
    /// the .NET environment is); no Azure instance id (<c>WEBSITE_INSTANCE_ID</c>) is set; and the app's own address
    /// is a loopback one: <c>WEBSITE_HOSTNAME</c> (which the Functions host sets, <c>localhost:7071</c> under the Core
    /// Tools), or when that is absent every URL the web server listens on (<c>urls</c>, as the LocalHost's
    /// <c>--urls</c>). Anything else, including no setting at all, is strict.
    /// </summary>
    public static HostingEnvironmentInfo FromConfiguration(IConfiguration configuration)
    {
        var mode = configuration[ModeSetting] ?? configuration[HostEnvironmentKey];
        return new(
            string.Equals(mode, DevelopmentMode, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(configuration["WEBSITE_INSTANCE_ID"])
            && IsReachedOnLoopbackOnly(configuration));
    }

    private static bool IsReachedOnLoopbackOnly(IConfiguration configuration)
    {
        var hostName = configuration["WEBSITE_HOSTNAME"];
        var addresses = string.IsNullOrEmpty(hostName)
            ? (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [$"http://{hostName}"];
        return addresses.Length > 0 && addresses.All(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.IsLoopback);
    }
}
