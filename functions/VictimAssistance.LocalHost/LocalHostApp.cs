using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
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

    /// <param name="customize">Runs after the app's own registrations, so a caller (a test) can override settings and services.</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? customize = null, CancellationToken cancellationToken = default)
    {
        var root = RepositoryLayout.FindRoot();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root });
        FunctionsHostSettings.AddTo(builder.Configuration, root);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var functions = FunctionCatalog.Discover(typeof(ServiceRegistration).Assembly);
        builder.Services.AddVictimAssistance();
        builder.Services.AddOptions<QueueHostOptions>().BindConfiguration(QueueHostOptions.SectionName);
        builder.Services.AddSingleton<FunctionInvoker>();
        foreach (var function in functions)
        {
            FunctionInvoker.EnsureBindable(function);
            switch (function.Trigger)
            {
                case QueueTriggerAttribute:
                    builder.Services.AddSingleton<IHostedService>(services => ActivatorUtilities.CreateInstance<QueueFunctionListener>(services, function));
                    break;
                case TimerTriggerAttribute:
                    builder.Services.AddSingleton<IHostedService>(services => ActivatorUtilities.CreateInstance<TimerFunctionScheduler>(services, function));
                    break;
            }
        }

        customize?.Invoke(builder);
        EnsureMessageEncodingAgrees(builder.Configuration);
        var azurite = await StartAzuriteIfNeededAsync(builder.Configuration, root, cancellationToken).ConfigureAwait(false);

        var app = builder.Build();
        if (azurite is not null)
        {
            app.Lifetime.ApplicationStopped.Register(azurite.Dispose);
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => HttpFunctionEndpoints.ExecuteAsync(
                context, ApiResults.Problem(StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred; it has been logged.")),
        });
        app.UseStatusCodePages(context => HttpFunctionEndpoints.ExecuteAsync(
            context.HttpContext,
            ApiResults.Problem(context.HttpContext.Response.StatusCode, ReasonPhrases.GetReasonPhrase(context.HttpContext.Response.StatusCode))));
        HttpFunctionEndpoints.Map(app, functions);
        return app;
    }

    public static IReadOnlyList<string> ListeningAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();

    /// <summary>One ready-made development token per role, valid for 12 hours; none when no development key is set.</summary>
    public static IReadOnlyDictionary<string, string> DevelopmentTokensByRole(IServiceProvider services)
    {
        var key = services.GetRequiredService<IOptions<AuthOptions>>().Value.DevSigningKey;
        if (string.IsNullOrEmpty(key))
        {
            return new Dictionary<string, string>();
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return Roles.All.ToDictionary(
            role => role,
            role => DevelopmentTokens.Create(
                key,
                subject: $"local-{role}",
                roles: [role],
                now,
                TimeSpan.FromHours(12),
                organization: role is Roles.Caseworker or Roles.Manager ? LocalOrganization : null,
                providerId: role == Roles.Provider ? LocalProvider : null));
    }

    private static void EnsureMessageEncodingAgrees(IConfiguration configuration)
    {
        var encoding = configuration.GetSection(QueueHostOptions.SectionName).Get<QueueHostOptions>()?.MessageEncoding ?? "base64";
        if (!string.Equals(encoding, "base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"host.json queues.messageEncoding is '{encoding}', but the app's QueueClients use base64: they must agree.");
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
