namespace VictimAssistance.Core.Security;

/// <summary>Where the app runs. App Service and Functions in Azure always set WEBSITE_INSTANCE_ID.</summary>
public sealed record HostingEnvironmentInfo(bool IsRunningInAzure)
{
    public static HostingEnvironmentInfo FromEnvironment() =>
        new(!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID")));
}
