using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Secrets;
using VictimAssistance.Core.Security;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>
/// What LocalHostApp.BuildAsync refuses, as the Functions host refuses to start, and what it warns about. Nothing
/// is started: no storage is contacted and no port is opened.
/// </summary>
public sealed class LocalHostStartupTests
{
    // A storage account that is never contacted: building the app does not start it.
    private const string UnusedStorage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    [Fact]
    public async Task The_repository_host_json_and_the_app_s_functions_build_without_a_warning()
    {
        var logs = new CapturedLogs();
        await using var app = await BuildAsync([], logs: logs);

        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_json_settings_the_LocalHost_does_not_emulate_are_named_in_a_start_up_warning()
    {
        var logs = new CapturedLogs();
        await using var app = await BuildAsync(
            new()
            {
                ["AzureFunctionsJobHost:functionTimeout"] = "00:10:00",
                ["AzureFunctionsJobHost:retry:strategy"] = "fixedDelay",
                ["AzureFunctionsJobHost:extensions:http:maxConcurrentRequests"] = "100",
            },
            logs: logs);

        var warning = Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains("functionTimeout, retry.strategy", warning, StringComparison.Ordinal);
        Assert.Contains("extensions.http.maxConcurrentRequests", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("batchSize", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_sample_s_settings_on_loopback_the_LocalHost_is_local_development()
    {
        await using var app = await BuildAsync([]);

        Assert.True(app.Services.GetRequiredService<HostingEnvironmentInfo>().IsLocalDevelopment);
        Assert.NotNull(app.Services.GetRequiredService<IOptions<SecretsOptions>>().Value);
    }

    [Fact]
    public async Task Listening_on_every_interface_the_LocalHost_applies_the_strict_rules_and_refuses_the_sample_s_keys()
    {
        await using var app = await BuildAsync(new() { ["urls"] = "http://0.0.0.0:0" });

        Assert.False(app.Services.GetRequiredService<HostingEnvironmentInfo>().IsLocalDevelopment);
        Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);
        Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<SecretsOptions>>().Value);
    }

    [Theory]
    [InlineData("Warning", false)]
    [InlineData("Debug", true)]
    public async Task Host_json_logging_levels_filter_the_LocalHost_s_logs(string defaultLevel, bool informationLogged)
    {
        await using var app = await BuildAsync(new() { ["AzureFunctionsJobHost:logging:logLevel:default"] = defaultLevel });

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("VictimAssistance.Functions.Http.HttpApi");

        Assert.Equal(informationLogged, logger.IsEnabled(LogLevel.Information));
    }

    [Theory]
    [InlineData("AzureFunctionsJobHost:extensions:queues:batchSize", "64", "batchSize")]
    [InlineData("AzureFunctionsJobHost:extensions:queues:maxPollingInterval", "00:00:00.050", "maxPollingInterval")]
    [InlineData("AzureFunctionsJobHost:extensions:queues:messageEncoding", "none", "messageEncoding")]
    [InlineData("AzureFunctionsJobHost:version", "1.0", "version")]
    public async Task A_host_json_value_the_host_refuses_stops_the_LocalHost(string key, string value, string named)
    {
        var refused = await Assert.ThrowsAsync<LocalHostStartupException>(() => BuildAsync(new() { [key] = value }));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_parameters_trigger_messages_and_cancellation_tokens_are_bindable()
    {
        await using var app = await BuildAsync([], [typeof(BindableFunctions)]);

        Assert.NotNull(app);
    }

    [Theory]
    [InlineData(typeof(QueueMessageNotTheTrigger), "'message'")]
    [InlineData(typeof(StringNeitherTriggerNorRouteParameter), "'other'")]
    [InlineData(typeof(FunctionContextParameter), "'context'")]
    public async Task A_parameter_the_worker_would_bind_differently_stops_the_LocalHost(Type functionClass, string parameter)
    {
        var refused = await Assert.ThrowsAsync<LocalHostStartupException>(() => BuildAsync([], [functionClass]));

        Assert.Contains(parameter, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Function_level_HTTP_route_stops_the_LocalHost_because_it_has_no_function_keys()
    {
        var refused = await Assert.ThrowsAsync<LocalHostStartupException>(() => BuildAsync([], [typeof(FunctionLevelRoute)]));

        Assert.Contains("authLevel Function", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_route_beginning_with_admin_stops_the_LocalHost_as_the_host_refuses_it()
    {
        var refused = await Assert.ThrowsAsync<LocalHostStartupException>(() => BuildAsync([], [typeof(ReservedRoute)]));

        Assert.Contains("built-in routes", refused.Message, StringComparison.Ordinal);
    }

    private static Task<WebApplication> BuildAsync(Dictionary<string, string?> settings, IReadOnlyList<Type>? functionClasses = null, CapturedLogs? logs = null) =>
        LocalHostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], new LocalHostOptions
        {
            UseLocalSettingsFile = false,
            FunctionClasses = functionClasses,
            Customize = builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = UnusedStorage });
                builder.Configuration.AddInMemoryCollection(settings);
                if (logs is not null)
                {
                    builder.Logging.ClearProviders();
                    builder.Logging.AddProvider(logs);
                }
            },
        });
}
