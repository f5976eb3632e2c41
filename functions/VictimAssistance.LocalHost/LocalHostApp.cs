using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Security;
using VictimAssistance.Functions;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.LocalHost;

/// <summary>Hosts the Function app's own function classes on ASP.NET Core, without the Functions Core Tools.</summary>
public static class LocalHostApp
{
    public const string DefaultUrl = "http://localhost:7071";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";
    public const string LocalOrganization = "org-local";
    public const string LocalProvider = "provider-local";

    public static async Task<WebApplication> BuildAsync(string[] args, LocalHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalHostOptions();
        var root = RepositoryLayout.FindRoot();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root, EnvironmentName = EnvironmentName() });
        FunctionsHostSettings.AddTo(builder.Configuration, root, options.UseLocalSettingsFile);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(KestrelRejections.AnswerAsProblems);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection(HostJson.LoggingSectionName));

        // The start banner (Program) says where it listens; ASP.NET Core's two lines per request and its start-up
        // lines are noise here, as the Functions host does not write them either.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.AddVictimAssistance(builder.Configuration);
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddSingleton<ListenerQueues>();
        builder.Services.AddSingleton<ScheduleMonitor>();
        options.Customize?.Invoke(builder);

        // Read from the final configuration, as the host reads host.json and the triggers once at start-up.
        var configuration = builder.Configuration;
        HostJson.EnsureVersion(configuration);
        var queueSettings = QueueHostOptions.Read(configuration);
        builder.Services.AddSingleton(queueSettings);
        var functions = FunctionCatalog.Discover(options.FunctionClasses ?? typeof(ServiceRegistration).Assembly.GetExportedTypes());
        foreach (var function in functions)
        {
            FunctionInvoker.EnsureBindable(function);
            AddTrigger(builder.Services, function, configuration);
        }

        var azurite = await StartAzuriteIfNeededAsync(configuration, root, cancellationToken).ConfigureAwait(false);
        var app = builder.Build();
        if (azurite is not null)
        {
            app.Lifetime.ApplicationStopped.Register(azurite.Dispose);
        }

        HostJson.WarnAboutUnemulatedSettings(configuration, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostJson)));
        KestrelRejections.MarkRequestsInApp(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => HttpFunctionRoutes.ExecuteAsync(
                context, ApiResults.Problem(StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred; it has been logged.")),
        });
        WebAppHosting.Use(app, root, HostJson.RoutePrefix(configuration));
        HttpFunctionRoutes.Use(app, functions, HostJson.RoutePrefix(configuration));
        return app;
    }

    /// <summary>A local run is Development unless ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT says otherwise.</summary>
    private static string EnvironmentName() =>
        Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development;

    public static IReadOnlyList<string> ListeningAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();

    /// <summary>One ready-made development token per role, valid for 12 hours; none when no development key is set.</summary>
    public static IReadOnlyDictionary<string, string> DevelopmentTokensByRole(IServiceProvider services) =>
        Roles.All
            .Select(role => (role, token: DevelopmentToken(services, role, role == Roles.Provider ? LocalProvider : null)))
            .Where(pair => pair.token is not null)
            .ToDictionary(pair => pair.role, pair => pair.token!);

    /// <summary>A development token for the role (caseworkers and managers of <paramref name="organization"/>, org-local by default), valid for 12 hours; null without a development key.</summary>
    public static string? DevelopmentToken(IServiceProvider services, string role, string? providerId = null, string? organization = null)
    {
        var key = services.GetRequiredService<IOptions<AuthOptions>>().Value.DevSigningKey;
        return string.IsNullOrEmpty(key)
            ? null
            : DevelopmentTokens.Create(
                key,
                subject: providerId is null ? $"local-{role}" : $"local-{providerId}",
                roles: [role],
                services.GetRequiredService<TimeProvider>().GetUtcNow(),
                TimeSpan.FromHours(12),
                organization: role is Roles.Caseworker or Roles.Manager ? organization ?? LocalOrganization : null,
                providerId: providerId);
    }

    private static void AddTrigger(IServiceCollection services, HostedFunction function, IConfiguration configuration)
    {
        switch (function.Trigger)
        {
            case HttpTriggerAttribute http:
                HttpFunctionRoutes.EnsureAnonymous(function, http);
                HttpFunctionRoutes.EnsureNotReserved(function, http);
                break;
            case QueueTriggerAttribute queue:
                // The host resolves %Setting% tokens in a queue name and lower-cases it.
                var queueName = SettingTokens.Resolve(queue.QueueName, configuration).ToLowerInvariant();
                services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<QueueFunctionListener>(provider, function, queueName));
                break;
            case TimerTriggerAttribute timer:
                var schedule = FunctionSchedule.Create(function.Name, timer, configuration, TimeProvider.System.GetUtcNow().UtcDateTime);
                services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<TimerFunctionScheduler>(provider, function, schedule));
                break;
        }
    }

    private static async Task<AzuriteProcess?> StartAzuriteIfNeededAsync(IConfiguration configuration, string root, CancellationToken cancellationToken)
    {
        if (!string.Equals(configuration["AzureWebJobsStorage"], DevelopmentStorage, StringComparison.OrdinalIgnoreCase)
            || await AzuriteProcess.IsListeningAsync(AzuritePorts.Default.Table, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        Console.WriteLine("Starting Azurite on 127.0.0.1:10000-10002 (data in .azurite/) ...");
        return await AzuriteProcess.StartAsync(root, AzuritePorts.Default, Path.Combine(root, ".azurite"), cancellationToken).ConfigureAwait(false);
    }
}
