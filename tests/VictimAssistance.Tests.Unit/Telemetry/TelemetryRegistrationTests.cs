using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VictimAssistance.Functions.Telemetry;

namespace VictimAssistance.Tests.Telemetry;

public sealed class TelemetryRegistrationTests
{
    [Fact]
    public void Without_a_connection_string_nothing_is_exported_to_Azure_Monitor() =>
        Assert.False(ExportsToAzureMonitor(new Dictionary<string, string?>()));

    [Fact]
    public void With_a_connection_string_traces_and_metrics_are_exported_to_Azure_Monitor() =>
        Assert.True(ExportsToAzureMonitor(new Dictionary<string, string?>
        {
            [TelemetryRegistration.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://ingest.example/",
        }));

    [Theory]
    [InlineData("Authorization=AAD")]
    [InlineData("ClientId=11111111-1111-1111-1111-111111111111;Authorization=AAD")]
    [InlineData(" authorization = aad ; ")]
    public void An_authentication_string_with_Entra_authorization_sends_with_the_managed_identity(string authenticationString) =>
        Assert.IsType<ManagedIdentityCredential>(TelemetryRegistration.EntraCredential(authenticationString));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Authorization=Key")]
    [InlineData("ClientId=11111111-1111-1111-1111-111111111111")]
    public void Without_Entra_authorization_no_credential_is_used(string? authenticationString) =>
        Assert.Null(TelemetryRegistration.EntraCredential(authenticationString));

    private static bool ExportsToAzureMonitor(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddVictimAssistanceTelemetry(configuration);
        return services.Any(service => service.ServiceType == typeof(IConfigureOptions<AzureMonitorExporterOptions>));
    }
}
