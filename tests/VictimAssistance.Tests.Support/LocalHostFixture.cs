using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Security;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// The LocalHost (the same function classes the Functions host loads) on a free loopback port against its own
/// Azurite, driven over real HTTP with real development tokens.
/// </summary>
public class LocalHostFixture : AzuriteFixture
{
    public const string SigningKey = "tests-only-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789";

    private WebApplication? app;

    public WebApplication App => app ?? throw new InvalidOperationException("The LocalHost has not started.");

    public HttpClient Client { get; private set; } = new();

    public CapturedLogs Logs { get; } = new();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        app = await LocalHostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings());
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(Logs);
            Customize(builder);
        });
        await app.StartAsync();
        BaseAddress = new Uri(LocalHostApp.ListeningAddresses(app).Single());
        Client = CreateClient(outsideTheContract: false);
    }

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    public static string Token(string role, string? organization = null, string? providerId = null, string subject = "test-user") =>
        DevelopmentTokens.Create(SigningKey, subject, [role], DateTimeOffset.UtcNow, TimeSpan.FromHours(1), organization, providerId);

    public HttpClient ClientFor(string role, string? organization = null, string? providerId = null)
    {
        var client = CreateClient(outsideTheContract: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, organization, providerId));
        return client;
    }

    /// <summary>For requests the contract does not describe (an unknown route, a wrong method); refuses a route it does.</summary>
    public HttpClient ClientOutsideTheContract() => CreateClient(outsideTheContract: true);

    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["AzureWebJobsStorage"] = ConnectionString,
        ["Auth:DevSigningKey"] = SigningKey,
        ["Auth:Authority"] = null,
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.500",
    };

    protected virtual void Customize(WebApplicationBuilder builder)
    {
    }

    /// <summary>Every response is checked against the OpenAPI document (see <see cref="ContractCheckingHandler"/>).</summary>
    private HttpClient CreateClient(bool outsideTheContract) =>
        new(new ContractCheckingHandler(outsideTheContract)) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
}
