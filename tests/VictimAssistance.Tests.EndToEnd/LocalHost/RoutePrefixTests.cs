using System.Net;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>A LocalHost whose host.json routePrefix is "v1" instead of the default "api".</summary>
public sealed class VersionPrefixHost : LocalHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["AzureFunctionsJobHost:extensions:http:routePrefix"] = "v1";
        return settings;
    }
}

/// <summary>host.json extensions.http.routePrefix moves every HTTP function, as it does under the host.</summary>
public sealed class RoutePrefixTests(VersionPrefixHost host) : IClassFixture<VersionPrefixHost>
{
    [Fact]
    public async Task Functions_are_served_under_the_configured_route_prefix_and_not_under_api()
    {
        // A moved prefix is outside the contract (which serves under /api): a plain client, not the contract-checking one.
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var prefixed = await client.GetAsync("/v1/health");
        using var unprefixed = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, prefixed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
    }
}
