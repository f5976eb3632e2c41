using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using VictimAssistance.Core.Telemetry;
using VictimAssistance.Tests.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>A message the LocalHost moves to its poison queue is counted once, by the queue it came from.</summary>
public sealed class PoisonCounterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_message_moved_to_poison_is_counted_once_with_its_queue_name()
    {
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", ListenerHarness.Settings(maxDequeueCount: 2));
        harness.Probe.Handle = (_, _) => throw new InvalidOperationException("This function always fails.");
        var counted = new ConcurrentQueue<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            // By name: the instrument may be published while AppTelemetry is still being initialised.
            if (instrument.Meter.Name == AppTelemetry.Name && instrument.Name == "va.queue.poisoned")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            // Other test classes poison their own queues at the same time: count this harness's only.
            foreach (var tag in tags)
            {
                if (tag.Key == "queue" && (string?)tag.Value == harness.QueueName)
                {
                    counted.Enqueue(value);
                }
            }
        });
        listener.Start();
        await harness.StartAsync();

        await harness.Queue.SendMessageAsync(new BinaryData("{\"id\":\"p1\"}"));
        await Eventually.GetAsync(() => ListenerHarness.PeekAsync(harness.Poison), messages => messages.Length > 0, "the message in the poison queue");
        await harness.StopAsync();

        Assert.Equal([1L], counted);
    }
}
