using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// The LocalHost (the same function classes the Functions host loads) on a free loopback port against its own
/// storage account (see <see cref="AzuriteFixture"/>), driven over real HTTP with real development tokens. It reads
/// the settings sample and writes nothing into the working tree; every exception a function throws is kept, for a
/// test to rethrow.
/// </summary>
public class LocalHostFixture : AzuriteFixture
{
    public const string SigningKey = "tests-only-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789";

    private readonly FailureRecorder failures = new();
    private WebApplication? app;

    public WebApplication App => app ?? throw new InvalidOperationException("The LocalHost has not started.");

    public HttpClient Client { get; private set; } = new();

    public CapturedLogs Logs { get; } = new();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every exception a function has thrown so far, queue and timer functions included.</summary>
    public IReadOnlyCollection<Exception> FunctionFailures => failures.Exceptions;

    /// <summary>Fails the test with the first exception a function threw, its own message and stack.</summary>
    public void ThrowIfAFunctionFailed()
    {
        if (failures.Exceptions.FirstOrDefault() is { } first)
        {
            ExceptionDispatchInfo.Throw(first);
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (StartsAppWithStorage)
        {
            await StartAppAsync();
        }
    }

    /// <summary>Starts the LocalHost on this fixture's Azurite (done at initialisation unless <see cref="StartsAppWithStorage"/> is false).</summary>
    public async Task StartAppAsync()
    {
        app = await LocalHostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], new LocalHostOptions
        {
            UseLocalSettingsFile = false,
            FunctionClasses = FunctionClasses(),
            Customize = builder =>
            {
                builder.Configuration.AddInMemoryCollection(DevelopmentSettings.Values()).AddInMemoryCollection(Settings());
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(Logs);
                builder.Services.AddSingleton<IListenerObserver>(failures);
                Customize(builder);
            },
        });
        await app.StartAsync();
        BaseAddress = new Uri(LocalHostApp.ListeningAddresses(app).Single());
        Client = CreateClient(outsideTheContract: false);
    }

    /// <summary>Stops the LocalHost as a restart does and starts a new one on the same storage (on another port).</summary>
    public async Task RestartAppAsync()
    {
        await StopAppAsync();
        await StartAppAsync();
    }

    public override async Task DisposeAsync()
    {
        await StopAppAsync();
        await base.DisposeAsync();
    }

    private async Task StopAppAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public static string Token(string role, string? organization = null, string? providerId = null, string subject = "test-user") =>
        DevelopmentTokens.Create(SigningKey, subject, [role], DateTimeOffset.UtcNow, TimeSpan.FromHours(1), organization, providerId);

    public HttpClient ClientFor(string role, string? organization = null, string? providerId = null, string subject = "test-user")
    {
        var client = CreateClient(outsideTheContract: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, organization, providerId, subject));
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
        ["AzureFunctionsJobHost:logging:logLevel:default"] = "Debug",

        // Concurrent writers of one case wait for each other far longer on a loaded machine than in production.
        [ConflictRetry.DeadlineSetting] = (Patience.Bound / 4).ToString(),
    };

    /// <summary>False: Azurite starts alone, and a test starts the app when it has prepared storage.</summary>
    protected virtual bool StartsAppWithStorage => true;

    /// <summary>The classes whose functions are served; null: the Function app's.</summary>
    protected virtual IReadOnlyList<Type>? FunctionClasses() => null;

    protected virtual void Customize(WebApplicationBuilder builder)
    {
    }

    /// <summary>Every response is checked against the OpenAPI document (see <see cref="ContractCheckingHandler"/>).</summary>
    private HttpClient CreateClient(bool outsideTheContract) =>
        new(new ContractCheckingHandler(outsideTheContract)) { BaseAddress = BaseAddress, Timeout = Patience.Bound };

    private sealed class FailureRecorder : IListenerObserver
    {
        private readonly ConcurrentQueue<Exception> exceptions = new();

        public IReadOnlyCollection<Exception> Exceptions => exceptions.ToArray();

        public void OnFunctionFailed(string functionName, Exception exception) => exceptions.Enqueue(exception);
    }
}
