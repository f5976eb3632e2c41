using System.Text.Json;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>
/// The one write path on a real Azurite. A lost race is forced without timing tricks: the edit replaces the head's
/// ETag with one that storage will refuse, exactly as a concurrent writer's commit would make it stale.
/// </summary>
public sealed class CaseWriterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-writer"));
    private static readonly ETag StaleETag = new("W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"");

    [Fact]
    public async Task An_unpinned_writer_that_loses_races_reloads_and_reapplies_until_it_commits_once()
    {
        var clock = new SteppingClock();
        await using var services = await StartAsync(clock);
        var caseId = await RegisterAsync(services);
        var close = new LosingClose(losses: 3);

        var outcome = await services.GetRequiredService<CaseWriter>().ChangeAsync(new CaseWrite(caseId, Caseworker, close.Apply), CancellationToken.None);

        Assert.Null(outcome.Problem);
        Assert.Equal(4, close.Attempts);
        Assert.Equal(2, outcome.Value!.Head.Version);
        var history = await services.GetRequiredService<CaseService>().GetHistoryAsync(Caseworker, caseId, CancellationToken.None);
        Assert.Single(history.Value!.Events, item => item.Type == CaseEvents.Closed.Name);
    }

    [Fact]
    public async Task An_unpinned_writer_that_keeps_losing_gives_up_at_the_deadline_as_busy_and_writes_nothing()
    {
        var clock = new SteppingClock();
        await using var services = await StartAsync(clock);
        var caseId = await RegisterAsync(services);
        var close = new LosingClose(losses: int.MaxValue);

        await Assert.ThrowsAsync<ConcurrentChangesException>(
            () => services.GetRequiredService<CaseWriter>().ChangeAsync(new CaseWrite(caseId, Caseworker, close.Apply), CancellationToken.None));

        Assert.True(close.Attempts > 1);
        Assert.True(clock.Elapsed >= services.GetRequiredService<ConflictRetry>().Deadline);
        var current = await services.GetRequiredService<CaseService>().GetAsync(Caseworker, caseId, CancellationToken.None);
        Assert.Equal(1, current.Value!.Version);
    }

    [Fact]
    public async Task A_pinned_writer_that_loses_a_race_to_a_change_that_left_the_data_alone_applies_its_change()
    {
        await using var services = await StartAsync(new SteppingClock());
        var caseId = await RegisterAsync(services);
        var close = new LosingClose(losses: 2);

        var outcome = await services.GetRequiredService<CaseWriter>().ChangeAsync(
            new CaseWrite(caseId, Caseworker, close.Apply) { IfMatch = new IfMatch(new HashSet<int> { 1 }) },
            CancellationToken.None);

        Assert.Null(outcome.Problem);
        Assert.Equal(3, close.Attempts);
    }

    [Fact]
    public async Task A_caller_outside_the_case_organisation_gets_not_found_and_the_edit_never_runs()
    {
        await using var services = await StartAsync(new SteppingClock());
        var caseId = await RegisterAsync(services);
        var stranger = new Caller("caseworker-2", Roles.Caseworker, new OrganizationScope("org-other"));
        var edited = false;

        var outcome = await services.GetRequiredService<CaseWriter>().ChangeAsync(
            new CaseWrite(caseId, stranger, _ =>
            {
                edited = true;
                return null;
            }),
            CancellationToken.None);

        Assert.Equal(ProblemKind.NotFound, outcome.Problem?.Kind);
        Assert.False(edited);
    }

    private Task<ServiceProvider> StartAsync(SteppingClock clock) =>
        CoreOnAzurite.StartAsync(azurite.ConnectionString, services => services.AddSingleton<TimeProvider>(clock));

    private static async Task<string> RegisterAsync(IServiceProvider services)
    {
        var details = JsonSerializer.Deserialize(CaseSamples.Registration(referralConsent: false).ToJsonString(), CaseJson.Api.CaseDetails)!;
        var registered = await services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, details, idempotencyKey: null, CancellationToken.None);
        return registered.Value!.Case.CaseId;
    }

    /// <summary>Closes the case; its first <paramref name="losses"/> attempts lose their race, as if another writer had committed first.</summary>
    private sealed class LosingClose(int losses)
    {
        public int Attempts { get; private set; }

        public Problem? Apply(CaseChange change)
        {
            if (++Attempts <= losses)
            {
                change.Head.ETag = StaleETag;
            }

            change.AddEvent(CaseEvents.Closed, new CaseClosed());
            return null;
        }
    }

    /// <summary>A clock that moves only when code waits on it: every delay passes at once, and its length is added.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        private long elapsedTicks;

        public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref elapsedTicks));

        public override DateTimeOffset GetUtcNow() => Start + Elapsed;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Add(ref elapsedTicks, dueTime.Ticks);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
