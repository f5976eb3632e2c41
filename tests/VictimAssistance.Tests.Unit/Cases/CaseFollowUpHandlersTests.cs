using VictimAssistance.Core.Cases;

namespace VictimAssistance.Tests.Cases;

/// <summary>Handlers run in their declared order and only for the events they subscribe to, whatever the registration order.</summary>
public sealed class CaseFollowUpHandlersTests
{
    [Fact]
    public void Handlers_run_by_stage_then_name_not_in_registration_order()
    {
        var handlers = new CaseFollowUpHandlers([new Projector(), new Dispatcher(), new Indexer()]);

        Assert.Equal(["Indexer", "Dispatcher", "Projector"], handlers.Ordered.Select(handler => handler.GetType().Name));
    }

    [Fact]
    public void Only_the_handlers_subscribed_to_a_change_s_events_receive_it()
    {
        var handlers = new CaseFollowUpHandlers([new Projector(), new Dispatcher(), new Indexer()]);

        var reached = handlers.For([Event("b")]).Select(handler => handler.GetType().Name);

        Assert.Equal(["Dispatcher", "Projector"], reached);
    }

    [Fact]
    public void A_change_whose_events_nobody_follows_needs_no_outbox_entry()
    {
        var handlers = new CaseFollowUpHandlers([new Indexer()]);

        Assert.False(handlers.AnySubscribed(["b", "c"]));
        Assert.True(handlers.AnySubscribed(["c", "a"]));
    }

    private static CommittedEvent Event(string type) => new(1, type, DateTimeOffset.UnixEpoch, "{}");

    private abstract class Recorder(CaseHandlerStage stage, params string[] types) : ICaseFollowUpHandler
    {
        public CaseHandlerStage Stage { get; } = stage;

        public IReadOnlySet<string> EventTypes { get; } = types.ToHashSet();

        public Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Indexer() : Recorder(CaseHandlerStage.Index, "a");

    private sealed class Dispatcher() : Recorder(CaseHandlerStage.Dispatch, "a", "b");

    private sealed class Projector() : Recorder(CaseHandlerStage.Project, "b");
}
