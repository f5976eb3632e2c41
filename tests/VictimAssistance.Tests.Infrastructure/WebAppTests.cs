using Xunit;
using static VictimAssistance.Tests.Infrastructure.DeploymentSnapshot;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>
/// The web app and the API on one origin (infra/modules/webapp.bicep): a Front Door endpoint routes /api/* to the
/// Function app and everything else to the static web app, so no cross-origin call, and so no CORS, is needed.
/// </summary>
[Collection(BicepGroup.Name)]
public sealed class WebAppTests(BicepFixture bicep)
{
    private const string RouteType = "Microsoft.Cdn/profiles/afdEndpoints/routes";

    [Fact]
    public void OneFrontDoorEndpointSendsApiToTheFunctionAppAndTheRestToTheStaticWebApp()
    {
        var snapshot = bicep.Production;
        Assert.Equal("Standard_AzureFrontDoor", snapshot.Single("Microsoft.Cdn/profiles")["sku"]?["name"]?.GetValue<string>());
        var endpoint = snapshot.Single("Microsoft.Cdn/profiles/afdEndpoints");
        var routes = snapshot.OfType(RouteType);
        Assert.All(routes, route => Assert.StartsWith(Id(endpoint) + "/routes/", Id(route), StringComparison.Ordinal));

        var site = Id(snapshot.Single("Microsoft.Web/sites"));
        var staticSite = Id(snapshot.Single("Microsoft.Web/staticSites"));
        Assert.Equal(
            [("/*", $"[reference('{staticSite}', '2024-11-01').defaultHostname]"), ("/api/*", $"[reference('{site}', '2025-03-01').defaultHostName]")],
            routes.Select(route => (
                Assert.Single(Property(route, "patternsToMatch")!.AsArray())!.GetValue<string>(),
                OriginHost(snapshot, Property(route, "originGroup.id")!.GetValue<string>())))
                .Order());
    }

    [Fact]
    public void EveryRouteIsHttpsToTheOriginAndCachesNothing()
    {
        var routes = bicep.Production.OfType(RouteType);
        Assert.Equal(2, routes.Count);
        Assert.All(routes, route =>
        {
            Assert.Equal("HttpsOnly", Property(route, "forwardingProtocol")?.GetValue<string>());
            Assert.Equal("Enabled", Property(route, "httpsRedirect")?.GetValue<string>());
            Assert.Null(Property(route, "cacheConfiguration"));
        });
        Assert.All(bicep.Production.OfType("Microsoft.Cdn/profiles/originGroups/origins"), origin =>
            Assert.True(Property(origin, "enforceCertificateNameCheck")!.GetValue<bool>()));
    }

    [Fact]
    public void FrontDoorsAccessAndProbeLogsGoToTheWorkspace()
    {
        var profile = Id(bicep.Production.Single("Microsoft.Cdn/profiles"));
        var logs = Assert.Single(bicep.Production.OfType(ProductionChecks.DiagnosticSettingsType), setting => Scope(setting) == profile);
        Assert.Equal(
            ["FrontDoorAccessLog", "FrontDoorHealthProbeLog"],
            Property(logs, "logs")!.AsArray().Where(log => log!["enabled"]!.GetValue<bool>()).Select(log => log!["category"]!.GetValue<string>()).Order());
    }

    [Fact]
    public void TheStaticWebAppIsStandardWithoutPreviewEnvironments()
    {
        var staticSite = bicep.Production.Single("Microsoft.Web/staticSites");
        Assert.Equal("Standard", staticSite["sku"]?["name"]?.GetValue<string>());
        Assert.Equal("Disabled", Property(staticSite, "stagingEnvironmentPolicy")?.GetValue<string>());
    }

    [Fact]
    public void NoDeploymentLetsAnotherOriginCallTheApi()
    {
        foreach (var snapshot in new[] { bicep.Production, bicep.Hardened, bicep.Minimal })
        {
            var site = snapshot.Single("Microsoft.Web/sites");
            Assert.Null(Property(site, "siteConfig.cors"));
            Assert.All(snapshot.Resources, resource => Assert.DoesNotContain("allowedOrigins", resource.ToJsonString(), StringComparison.Ordinal));
        }
    }

    /// <summary>The host name of the one origin in an origin group.</summary>
    private static string OriginHost(DeploymentSnapshot snapshot, string originGroupId)
    {
        var origin = Assert.Single(snapshot.OfType("Microsoft.Cdn/profiles/originGroups/origins"), origin => Id(origin).StartsWith(originGroupId + "/origins/", StringComparison.Ordinal));
        var host = Property(origin, "hostName")!.GetValue<string>();
        Assert.Equal(host, Property(origin, "originHostHeader")?.GetValue<string>());
        return host;
    }
}
