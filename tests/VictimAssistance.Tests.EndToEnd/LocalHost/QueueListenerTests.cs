using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>The LocalHost's queue trigger behaves as the host's QueueListener and QueueProcessor do, on a real Azurite.</summary>
public sealed class QueueListenerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_handled_message_is_deleted_and_its_text_bound_to_a_string_trigger_parameter()
    {
        await using var harness = new ListenerHarness(azurite, "ProbeText", ListenerHarness.Settings());
        await harness.StartAsync();

        await harness.Queue.SendMessageAsync(new BinaryData("hello"));
        await harness.UntilAsync(harness.Probe.Started.WhenCount(1));
        await harness.StopAsync();

        Assert.Equal("hello", harness.Probe.Started.Items.Single().Body.ToString());
        Assert.Equal(0, await ListenerHarness.CountAsync(harness.Queue));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_tried_maxDequeueCount_times_then_moved_to_poison()
    {
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", ListenerHarness.Settings(maxDequeueCount: 3));
        harness.Probe.Handle = (_, _) => throw new InvalidOperationException("This function always fails.");
        await harness.StartAsync();

        await harness.Queue.SendMessageAsync(new BinaryData("{\"id\":\"m1\"}"));
        var poisoned = await Eventually.GetAsync(() => ListenerHarness.PeekAsync(harness.Poison), messages => messages.Length > 0, "the message in the poison queue");
        await harness.StopAsync();

        Assert.Equal("{\"id\":\"m1\"}", poisoned.Single().Body.ToString());
        Assert.Equal(3, harness.Probe.Started.Count);
        Assert.Equal(3, harness.Observed.Failures.Count);
        Assert.Equal(0, await ListenerHarness.CountAsync(harness.Queue));
    }

    [Fact]
    public async Task An_assertion_failing_inside_a_queue_function_fails_the_waiting_test_at_once_with_its_message()
    {
        // A retry would come only an hour later: the test can only pass by seeing the first attempt's exception.
        var retryInAnHour = new QueueHostOptions { MaxDequeueCount = 5, VisibilityTimeout = TimeSpan.FromHours(1), MaxPollingInterval = TimeSpan.FromMilliseconds(200) };
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", retryInAnHour);
        harness.Probe.Handle = (message, _) =>
        {
            Assert.Equal("expected body", message.Body.ToString());
            return Task.CompletedTask;
        };
        await harness.StartAsync();

        await harness.Queue.SendMessageAsync(new BinaryData("another body"));
        var failure = await Assert.ThrowsAsync<Xunit.Sdk.EqualException>(() => harness.UntilAsync(Task.Delay(Timeout.Infinite)));

        Assert.Contains("expected body", failure.Message, StringComparison.Ordinal);
        Assert.Single(harness.Probe.Started.Items);
    }

    [Fact]
    public async Task One_message_held_by_its_function_does_not_stop_the_others_being_processed()
    {
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", ListenerHarness.Settings(batchSize: 2, newBatchThreshold: 1));
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Probe.Handle = (message, cancellationToken) =>
        {
            if (message.Body.ToString() != "slow")
            {
                return Task.CompletedTask;
            }

            slowStarted.TrySetResult();
            return harness.Probe.HoldUntilReleased(message, cancellationToken);
        };
        await harness.Queue.CreateIfNotExistsAsync();
        await harness.Queue.SendMessageAsync(new BinaryData("slow"));
        await harness.StartAsync();
        await harness.UntilAsync(slowStarted.Task);

        for (var index = 0; index < 6; index++)
        {
            await harness.Queue.SendMessageAsync(new BinaryData($"fast-{index}"));
        }

        await harness.UntilAsync(harness.Probe.Finished.WhenCount(6));
        Assert.Equal(1, harness.Probe.Running);
        harness.Probe.Release(harness.Probe.Started.Items.Single(message => message.Body.ToString() == "slow"));
        await harness.UntilAsync(harness.Probe.Finished.WhenCount(7));
        await harness.StopAsync();

        Assert.Equal(0, await ListenerHarness.CountAsync(harness.Queue));
    }

    [Fact]
    public async Task Up_to_batchSize_plus_newBatchThreshold_messages_run_at_once_and_no_more()
    {
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", ListenerHarness.Settings(batchSize: 4, newBatchThreshold: 2));
        harness.Probe.Handle = harness.Probe.HoldUntilReleased;
        await harness.Queue.CreateIfNotExistsAsync();
        for (var index = 0; index < 12; index++)
        {
            await harness.Queue.SendMessageAsync(new BinaryData($"m{index}"));
        }

        await harness.StartAsync();
        await harness.UntilAsync(harness.Probe.Started.WhenCount(4));
        Assert.Equal(4, harness.Probe.Running);

        // Two finish: two running is the threshold, so the next batch of four is fetched.
        foreach (var message in harness.Probe.Started.Items.Take(2))
        {
            harness.Probe.Release(message);
        }

        await harness.UntilAsync(harness.Probe.Started.WhenCount(8));
        Assert.Equal(6, harness.Probe.Running);

        var released = 2;
        while (released < 12)
        {
            await harness.UntilAsync(harness.Probe.Started.WhenCount(released + 1));
            harness.Probe.Release(harness.Probe.Started.Items[released++]);
        }

        await harness.UntilAsync(harness.Probe.Finished.WhenCount(12));
        await harness.StopAsync();
        Assert.Equal(6, harness.Probe.PeakRunning);
        Assert.Equal(0, await ListenerHarness.CountAsync(harness.Queue));
    }

    [Fact]
    public async Task A_running_message_has_its_lease_renewed_at_half_time_and_is_deleted_with_the_new_pop_receipt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", ListenerHarness.Settings(), time);
        harness.Probe.Handle = harness.Probe.HoldUntilReleased;
        await harness.Queue.CreateIfNotExistsAsync();
        await harness.Queue.SendMessageAsync(new BinaryData("long job"));
        await harness.StartAsync();
        await harness.UntilAsync(harness.Probe.Started.WhenCount(1));
        var received = harness.Probe.Started.Items.Single();

        time.Advance(QueueMessageProcessor.Lease / 2);
        await harness.UntilAsync(harness.Observed.Renewals.WhenCount(1));
        var renewed = harness.Observed.Renewals.Items[0];
        var staleReceipt = await Assert.ThrowsAsync<Azure.RequestFailedException>(
            () => harness.Queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: QueueMessageProcessor.Lease));
        harness.Probe.Release(received);
        await harness.UntilAsync(harness.Probe.Finished.WhenCount(1));
        await harness.StopAsync();

        Assert.Equal(received.MessageId, renewed.MessageId);
        Assert.NotEqual(received.PopReceipt, renewed.PopReceipt);
        Assert.Equal(400, staleReceipt.Status);
        Assert.Empty(harness.Observed.Failures.Items);
        Assert.Equal(0, await ListenerHarness.CountAsync(harness.Queue));
    }

    [Fact]
    public async Task A_message_dequeued_more_than_maxDequeueCount_times_goes_to_poison_without_an_invocation()
    {
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", ListenerHarness.Settings(maxDequeueCount: 2));
        await harness.Queue.CreateIfNotExistsAsync();
        await harness.Queue.SendMessageAsync(new BinaryData("tried elsewhere"));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var taken = (await harness.Queue.ReceiveMessageAsync(TimeSpan.FromMinutes(1))).Value;
            await harness.Queue.UpdateMessageAsync(taken.MessageId, taken.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        await harness.StartAsync();
        var poisoned = await Eventually.GetAsync(() => ListenerHarness.PeekAsync(harness.Poison), messages => messages.Length > 0, "the message in the poison queue");
        await harness.StopAsync();

        Assert.Equal("tried elsewhere", poisoned.Single().Body.ToString());
        Assert.Empty(harness.Probe.Started.Items);
        Assert.Equal(0, await ListenerHarness.CountAsync(harness.Queue));
    }

    [Fact]
    public async Task A_message_deleted_while_its_function_runs_is_neither_poisoned_nor_retried_when_the_delete_fails()
    {
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", ListenerHarness.Settings(maxDequeueCount: 1));
        harness.Probe.Handle = harness.Probe.HoldUntilReleased;
        await harness.StartAsync();

        await harness.Queue.SendMessageAsync(new BinaryData("processed twice?"));
        await harness.UntilAsync(harness.Probe.Started.WhenCount(1));
        var received = harness.Probe.Started.Items.Single();
        await harness.Queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        harness.Probe.Release(received);
        await harness.UntilAsync(harness.Probe.Finished.WhenCount(1));
        await harness.StopAsync();

        Assert.Single(harness.Probe.Started.Items);
        Assert.Empty(harness.Observed.Failures.Items);
        Assert.Equal(0, await ListenerHarness.CountAsync(harness.Poison));
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_poison_unchanged_and_the_listener_goes_on()
    {
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", ListenerHarness.Settings());
        await harness.Queue.CreateIfNotExistsAsync();
        var undecoded = new QueueClient(harness.ConnectionString, harness.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await undecoded.SendMessageAsync("plain text, not base64!");
        await harness.StartAsync();
        var poison = new QueueClient(harness.ConnectionString, harness.Poison.Name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var poisoned = await Eventually.GetAsync(() => ListenerHarness.PeekAsync(poison), messages => messages.Length > 0, "the message in the poison queue");

        await harness.Queue.SendMessageAsync(new BinaryData("valid"));
        await harness.UntilAsync(harness.Probe.Started.WhenCount(1));
        await harness.StopAsync();

        Assert.Equal("plain text, not base64!", poisoned.Single().Body.ToString());
        Assert.Equal("valid", harness.Probe.Started.Items.Single().Body.ToString());
    }

    [Fact]
    public async Task A_missing_poison_queue_is_created_for_the_first_poisoned_message()
    {
        await using var harness = new ListenerHarness(azurite, "ProbeMessage", ListenerHarness.Settings(maxDequeueCount: 1));
        harness.Probe.Handle = (_, _) => throw new InvalidOperationException("Fails once, which is its last attempt.");
        await harness.StartAsync();
        Assert.False(await harness.Poison.ExistsAsync());

        await harness.Queue.SendMessageAsync(new BinaryData("to poison"));
        var poisoned = await Eventually.GetAsync(
            () => ListenerHarness.PeekAsync(harness.Poison),
            messages => messages.Length > 0,
            "the message in the poison queue");
        await harness.StopAsync();

        Assert.Equal("to poison", poisoned.Single().Body.ToString());
    }
}
