using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Security;

/// <summary>The strict rules are the default; only an explicit local development setting on a loopback address relaxes them.</summary>
public sealed class HostingEnvironmentInfoTests
{
    public static TheoryData<string, string?, string?, string?, string?, string?, bool> Cases => new()
    {
        // case, Hosting:Mode, .NET environment, urls, WEBSITE_HOSTNAME, WEBSITE_INSTANCE_ID, local development
        { "no setting at all", null, null, null, null, null, false },
        { "no mode, on loopback", null, null, "http://localhost:7071", null, null, false },
        { "Development without any address", "Development", null, null, null, null, false },
        { "Development on every interface", "Development", null, "http://0.0.0.0:7071", null, null, false },
        { "Development on a wildcard", "Development", null, "http://*:7071", null, null, false },
        { "Development on loopback and another address", "Development", null, "http://127.0.0.1:7071;http://10.0.0.4:7071", null, null, false },
        { "Development on Azure's host name", "Development", null, null, "va-func.azurewebsites.net", null, false },
        { "Development, host name wins over urls", "Development", null, "http://localhost:7071", "va-func.azurewebsites.net", null, false },
        { "Development on loopback in an Azure instance", "Development", null, "http://localhost:7071", null, "a1b2c3", false },
        { "Azure mode on loopback", "Azure", null, "http://localhost:7071", null, null, false },
        { "Azure mode over a Development environment", "Azure", "Development", "http://localhost:7071", null, null, false },
        { "an unknown mode", "Local", null, "http://localhost:7071", null, null, false },
        { "Production environment on loopback", null, "Production", "http://localhost:7071", null, null, false },
        { "Development on localhost", "Development", null, "http://localhost:7071", null, null, true },
        { "development, any case, on 127.0.0.1", "development", null, "http://127.0.0.1:0", null, null, true },
        { "Development on IPv6 loopback", "Development", null, "http://[::1]:7071", null, null, true },
        { "Development under the Core Tools", "Development", null, null, "localhost:7071", null, true },
        { "no mode, Development environment, on loopback", null, "Development", "http://localhost:7071", null, null, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Local_development_only_when_said_explicitly_on_a_loopback_address(
        string @case, string? mode, string? environment, string? urls, string? hostName, string? instanceId, bool localDevelopment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [HostingEnvironmentInfo.ModeSetting] = mode,
            ["environment"] = environment,
            ["urls"] = urls,
            ["WEBSITE_HOSTNAME"] = hostName,
            ["WEBSITE_INSTANCE_ID"] = instanceId,
        }).Build();

        Assert.True(
            HostingEnvironmentInfo.FromConfiguration(configuration).IsLocalDevelopment == localDevelopment,
            $"{@case}: expected local development {localDevelopment}");
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("Development", true)]
    public void The_core_takes_the_hosting_mode_from_its_configuration(string? mode, bool localDevelopment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [HostingEnvironmentInfo.ModeSetting] = mode,
            ["urls"] = "http://localhost:7071",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddVictimAssistanceCore().BuildServiceProvider();

        Assert.Equal(localDevelopment, services.GetRequiredService<HostingEnvironmentInfo>().IsLocalDevelopment);
    }
}
