using System.Text.Json.Nodes;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Functions;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VictimAssistance.Tests.Foundation;

/// <summary>
/// Reads the functions.metadata that the Functions SDK generated at build time — what the real host loads —
/// and checks it against the expected app, the LocalHost's own discovery and the OpenAPI document.
/// </summary>
public sealed class FunctionMetadataTests
{
    // name → (trigger, HTTP methods and route | queue name | schedule)
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["Health"] = "httpTrigger GET health",
        ["OpenApi"] = "httpTrigger GET openapi.json",
        ["RegisterCase"] = "httpTrigger POST cases",
        ["ListCases"] = "httpTrigger GET cases",
        ["GetCase"] = "httpTrigger GET cases/{caseId}",
        ["PatchCase"] = "httpTrigger PATCH cases/{caseId}",
        ["GetCaseHistory"] = "httpTrigger GET cases/{caseId}/history",
        ["RequestReferral"] = "httpTrigger POST cases/{caseId}/referrals",
        ["CloseCase"] = "httpTrigger POST cases/{caseId}/close",
        ["GetCaseAccessLog"] = "httpTrigger GET cases/{caseId}/access-log",
        ["WriteAccessLog"] = "queueTrigger access-log",
        ["EraseCase"] = "httpTrigger POST cases/{caseId}/erase",
        ["EraseExpiredCasesOnSchedule"] = "timerTrigger %Retention:Schedule%",
        ["ProcessCaseOutbox"] = "queueTrigger case-outbox",
        ["PutProvider"] = "httpTrigger PUT providers/{providerId}",
        ["ListProviders"] = "httpTrigger GET providers",
        ["GetProvider"] = "httpTrigger GET providers/{providerId}",
        ["ListReferrals"] = "httpTrigger GET referrals",
        ["GetReferral"] = "httpTrigger GET referrals/{referralId}",
        ["AcceptReferral"] = "httpTrigger POST referrals/{referralId}/accept",
        ["DeclineReferral"] = "httpTrigger POST referrals/{referralId}/decline",
        ["CompleteReferral"] = "httpTrigger POST referrals/{referralId}/complete",
        ["RouteReferral"] = "queueTrigger route-referral",
        ["RerouteUnmetReferrals"] = "queueTrigger provider-changed",
        ["ExpireReferralOffers"] = "timerTrigger %Referrals:ExpirySchedule%",
        ["EndProviderAccess"] = "timerTrigger %Referrals:ProviderAccessSchedule%",
        ["KoboIntake"] = "httpTrigger POST intake/kobo",
        ["ListHeldSubmissions"] = "httpTrigger GET intake/held",
        ["GetHeldSubmission"] = "httpTrigger GET intake/held/{holdId}",
        ["ReleaseHeldSubmission"] = "httpTrigger POST intake/held/{holdId}/release",
        ["DiscardHeldSubmission"] = "httpTrigger POST intake/held/{holdId}/discard",
        ["PullKoboSubmissions"] = "timerTrigger %Intake:Kobo:PullSchedule%",
        ["PullKoboSubmissionsNow"] = "httpTrigger POST operations/intake/kobo/pull",
        ["WatchHeldSubmissions"] = "timerTrigger %Intake:HeldWatchSchedule%",
        ["HeldSubmissionFigures"] = "httpTrigger GET operations/intake/held",
        ["NotifyProvider"] = "queueTrigger notify-provider",
        ["ListPoisonMessages"] = "httpTrigger GET operations/poison/{queue}",
        ["ReplayPoisonMessages"] = "httpTrigger POST operations/poison/{queue}/replay",
        ["GetStatistics"] = "httpTrigger GET statistics",
        ["ExportStatistics"] = "httpTrigger GET statistics/export",
        ["RecountStatistics"] = "httpTrigger POST operations/statistics/recount",
        ["RecountStatisticsOnSchedule"] = "timerTrigger %Statistics:RecountSchedule%",
        ["BackUpCaseTables"] = "timerTrigger %Backup:Schedule%",
    };

    [Fact]
    public void Every_function_has_the_expected_trigger_route_and_queue()
    {
        var actual = ReadMetadata().ToDictionary(function => (string)function["name"]!, Describe, StringComparer.Ordinal);

        Assert.Equal(Expected.OrderBy(pair => pair.Key), actual.OrderBy(pair => pair.Key));
    }

    [Fact]
    public void The_LocalHost_discovers_exactly_the_functions_the_real_host_loads()
    {
        var discovered = FunctionCatalog.Discover(typeof(ServiceRegistration).Assembly).ToDictionary(
            function => function.Name,
            function => function.Trigger switch
            {
                HttpTriggerAttribute http => $"httpTrigger {string.Join(',', http.Methods!.Select(method => method.ToUpperInvariant()))} {http.Route}",
                QueueTriggerAttribute queue => $"queueTrigger {queue.QueueName}",
                TimerTriggerAttribute timer => $"timerTrigger {timer.Schedule}",
                _ => "unknown",
            },
            StringComparer.Ordinal);

        Assert.Equal(Expected.OrderBy(pair => pair.Key), discovered.OrderBy(pair => pair.Key));
    }

    [Fact]
    public void The_OpenAPI_document_describes_every_HTTP_function_and_nothing_else()
    {
        var fromMetadata = HttpOperations().Order(StringComparer.Ordinal).ToList();

        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot(), "functions", "VictimAssistance.Functions", "openapi.json")))!;
        Assert.StartsWith("3.1", (string)document["openapi"]!, StringComparison.Ordinal);
        var fromOpenApi = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(operation => operation.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(fromMetadata, fromOpenApi);
    }

    [Fact]
    public void Every_route_the_access_log_names_is_an_HTTP_function_of_the_app()
    {
        // Routes are served under /api (host.json's default route prefix).
        var served = HttpOperations().Select(operation => operation.Replace(" /", " /api/", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        Assert.All(AccessRoutes.All, route => Assert.Contains(route, served));
    }

    [Fact]
    public void Every_function_class_can_be_built_from_the_registration_the_Functions_host_uses()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
            .AddInMemoryCollection(DevelopmentSettings.Values())
            .Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddVictimAssistance(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var classes = FunctionCatalog.Discover(typeof(ServiceRegistration).Assembly)
            .Select(function => function.Method.DeclaringType!)
            .Where(type => !(type.IsAbstract && type.IsSealed))
            .Distinct()
            .ToList();

        Assert.NotEmpty(classes);
        Assert.All(classes, type => ActivatorUtilities.CreateInstance(provider, type));
    }

    /// <summary>Each HTTP method and route of the functions, as "GET /cases/{caseId}".</summary>
    private static IEnumerable<string> HttpOperations() => ReadMetadata()
        .Select(function => function["bindings"]!.AsArray().SingleOrDefault(binding => (string?)binding!["type"] == "httpTrigger"))
        .Where(binding => binding is not null)
        .SelectMany(binding => binding!["methods"]!.AsArray().Select(method => $"{((string)method!).ToUpperInvariant()} /{(string)binding["route"]!}"));

    private static IEnumerable<JsonObject> ReadMetadata()
    {
        // The test's own build folder (…/tests/VictimAssistance.Tests/bin/{Configuration}/net10.0/) names the configuration.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepositoryLayout.FindRoot(), "functions", "VictimAssistance.Functions", "bin", output.Parent!.Name, output.Name, "functions.metadata");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(function => function!.AsObject()).ToList();
    }

    private static string Describe(JsonObject function)
    {
        var trigger = function["bindings"]!.AsArray().Select(binding => binding!.AsObject()).Single(binding => ((string)binding["type"]!).EndsWith("Trigger", StringComparison.Ordinal));
        return (string)trigger["type"]! switch
        {
            "httpTrigger" => $"httpTrigger {string.Join(',', trigger["methods"]!.AsArray().Select(method => ((string)method!).ToUpperInvariant()))} {(string)trigger["route"]!}",
            "queueTrigger" => $"queueTrigger {(string)trigger["queueName"]!}",
            "timerTrigger" => $"timerTrigger {(string)trigger["schedule"]!}",
            var other => other,
        };
    }
}
