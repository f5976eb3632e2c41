using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VictimAssistance.Core.Storage;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Foundation;

/// <summary>The LocalHost's queue and timer triggers behave as the Functions host's do, on a real Azurite.</summary>
public sealed class LocalHostTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_after_maxDequeueCount_attempts()
    {
        var storage = await StorageWithQueuesAsync(TestFunctions.FailingQueue);
        using var listener = Listener(storage, nameof(TestFunctions.AlwaysFails), maxDequeueCount: 3);
        await listener.StartAsync(CancellationToken.None);

        await storage.Queue(TestFunctions.FailingQueue).SendMessageAsync(new BinaryData("{\"id\":\"m1\"}"));
        var poisoned = await Eventually.GetAsync(
            async () => (await storage.Queue(QueueNames.Poison(TestFunctions.FailingQueue)).PeekMessagesAsync(10)).Value,
            messages => messages.Length > 0,
            "the message in the poison queue");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal("{\"id\":\"m1\"}", poisoned.Single().Body.ToString());
        Assert.Equal(3, TestFunctions.Attempts.Count(body => body == "{\"id\":\"m1\"}"));
        Assert.Empty((await storage.Queue(TestFunctions.FailingQueue).PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task A_handled_message_is_deleted_and_its_text_bound_to_the_trigger_parameter()
    {
        var storage = await StorageWithQueuesAsync(TestFunctions.EchoQueue);
        using var listener = Listener(storage, nameof(TestFunctions.Records), maxDequeueCount: 5);
        await listener.StartAsync(CancellationToken.None);

        await storage.Queue(TestFunctions.EchoQueue).SendMessageAsync(new BinaryData("hello"));
        await Eventually.GetAsync(() => Task.FromResult(TestFunctions.Received.Contains("hello")), done => done, "the function to receive the message");
        await listener.StopAsync(CancellationToken.None);

        Assert.Empty((await storage.Queue(TestFunctions.EchoQueue).PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task A_timer_function_runs_on_its_schedule_resolved_from_a_setting()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Tests:Schedule"] = "0 */1 * * * *" }).Build();
        using var services = new ServiceCollection().BuildServiceProvider();
        using var scheduler = new TimerFunctionScheduler(
            Definition(nameof(TestFunctions.Ticks)), new FunctionInvoker(services.GetRequiredService<IServiceScopeFactory>()), configuration, time, NullLogger<TimerFunctionScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);

        await Eventually.GetAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(30));
                return Task.FromResult(TestFunctions.Ticked.Count >= 2);
            },
            done => done,
            "two timer runs");
        await scheduler.StopAsync(CancellationToken.None);

        Assert.All(TestFunctions.Ticked, tick => Assert.Equal(0, tick.Second));
    }

    [Fact]
    public void A_schedule_setting_that_is_missing_is_a_clear_error()
    {
        var configuration = new ConfigurationBuilder().Build();

        Assert.Equal("0 */5 * * * *", TimerFunctionScheduler.ResolveSchedule("0 */5 * * * *", configuration));
        Assert.Throws<InvalidOperationException>(() => TimerFunctionScheduler.ResolveSchedule("%Missing:Schedule%", configuration));
    }

    private static HostedFunction Definition(string methodName)
    {
        var method = typeof(TestFunctions).GetMethod(methodName)!;
        var trigger = method.GetParameters().SelectMany(parameter => parameter.GetCustomAttributes(true)).OfType<Attribute>()
            .First(attribute => attribute is QueueTriggerAttribute or TimerTriggerAttribute);
        return new HostedFunction(methodName, method, trigger);
    }

    private static QueueFunctionListener Listener(StorageClients storage, string methodName, int maxDequeueCount)
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var options = Options.Create(new QueueHostOptions
        {
            MaxDequeueCount = maxDequeueCount,
            VisibilityTimeout = TimeSpan.Zero,
            MaxPollingInterval = TimeSpan.FromMilliseconds(200),
        });
        return new QueueFunctionListener(
            Definition(methodName), storage, new FunctionInvoker(services.GetRequiredService<IServiceScopeFactory>()), options, TimeProvider.System, NullLogger<QueueFunctionListener>.Instance);
    }

    private async Task<StorageClients> StorageWithQueuesAsync(string queueName)
    {
        var storage = new StorageClients(new StorageAccountSettings(azurite.ConnectionString, null, null, null, null));
        await storage.Queue(queueName).CreateIfNotExistsAsync();
        await storage.Queue(QueueNames.Poison(queueName)).CreateIfNotExistsAsync();
        return storage;
    }

    public static class TestFunctions
    {
        public const string FailingQueue = "test-always-fails";
        public const string EchoQueue = "test-records";

        public static ConcurrentBag<string> Attempts { get; } = [];

        public static ConcurrentBag<string> Received { get; } = [];

        public static ConcurrentBag<DateTime> Ticked { get; } = [];

        [Function("AlwaysFails")]
        public static void AlwaysFails([QueueTrigger(FailingQueue)] string message)
        {
            Attempts.Add(message);
            throw new InvalidOperationException("This function always fails.");
        }

        [Function("Records")]
        public static Task Records([QueueTrigger(EchoQueue)] string message, QueueMessage raw, CancellationToken cancellationToken)
        {
            Assert.Equal(message, raw.Body.ToString());
            Received.Add(message);
            return Task.Delay(1, cancellationToken);
        }

        [Function("Ticks")]
        public static void Ticks([TimerTrigger("%Tests:Schedule%")] TimerInfo timer) => Ticked.Add(timer.ScheduleStatus!.Next);
    }
}
