using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>
/// A <see cref="TimerFunctionScheduler"/> for one of the <see cref="TimerProbeFunctions"/> on fake time, its schedule
/// status kept in a real Azurite under a timer name of its own; <see cref="Restart"/> gives a second scheduler on
/// the same status, as after the host restarts.
/// </summary>
public sealed class SchedulerHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly HostedFunction function;
    private TimerFunctionScheduler scheduler;

    public SchedulerHarness(AzuriteFixture azurite, string functionName, DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Tests:Minutes"] = "*/1" }).Build();
        services = new ServiceCollection()
            .AddSingleton(Runs)
            .AddSingleton<IListenerObserver>(Observed)
            .AddSingleton(azurite.Storage)
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<ScheduleMonitor>()
            .AddSingleton<FunctionInvoker>()
            .BuildServiceProvider();
        var discovered = FunctionCatalog.Discover([typeof(TimerProbeFunctions)]).Single(candidate => candidate.Name == functionName);
        function = discovered with { Name = $"{functionName}-{Guid.NewGuid():N}" };
        Schedule = FunctionSchedule.Create(function.Name, (TimerTriggerAttribute)function.Trigger, configuration, start.UtcDateTime);
        scheduler = Create();
    }

    public FakeTimeProvider Time { get; }

    public FunctionSchedule Schedule { get; }

    public Recorded<TimerInfo> Runs { get; } = new();

    public ObservedListener Observed { get; } = new();

    public Task StartAsync() => scheduler.StartAsync(CancellationToken.None);

    public Task StopAsync() => scheduler.StopAsync(CancellationToken.None);

    /// <summary>Waits until the scheduler has started waiting for the <paramref name="count"/>th time, and returns the occurrence it waits for.</summary>
    public async Task<DateTime> WaitingAsync(int count)
    {
        await Observed.UntilAsync(Observed.TimerWaits.WhenCount(count));
        return Observed.TimerWaits.Items[count - 1];
    }

    /// <summary>Replaces the scheduler with a new one on the same schedule status, as a host restart does.</summary>
    public void Restart()
    {
        scheduler.Dispose();
        scheduler = Create();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        scheduler.Dispose();
        await services.DisposeAsync();
    }

    private TimerFunctionScheduler Create() => ActivatorUtilities.CreateInstance<TimerFunctionScheduler>(services, function, Schedule);
}
