using Microsoft.Extensions.Time.Testing;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Tests.Storage;

public sealed class KeyedLocksTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public async Task A_second_holder_of_a_key_waits_until_the_first_lets_it_go()
    {
        var locks = new KeyedLocks(clock);
        var first = await locks.EnterAsync("provider-a", CancellationToken.None);

        var second = locks.EnterAsync("provider-a", CancellationToken.None);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second).Dispose();
    }

    [Fact]
    public async Task Holders_of_different_keys_do_not_wait_for_each_other()
    {
        var locks = new KeyedLocks(clock);
        using var first = await locks.EnterAsync("provider-a", CancellationToken.None);

        var other = locks.EnterAsync("provider-b", CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        (await other).Dispose();
    }

    [Fact]
    public async Task Letting_go_twice_admits_one_waiter_only()
    {
        var locks = new KeyedLocks(clock);
        var first = await locks.EnterAsync("provider-a", CancellationToken.None);
        var second = locks.EnterAsync("provider-a", CancellationToken.None);
        var third = locks.EnterAsync("provider-a", CancellationToken.None);

        first.Dispose();
        first.Dispose();

        await second;
        Assert.False(third.IsCompleted);
        (await second).Dispose();
        (await third).Dispose();
    }

    [Fact]
    public async Task A_writer_that_has_waited_the_longest_wait_goes_ahead_without_the_turn_and_leaves_the_holders_turn_alone()
    {
        var locks = new KeyedLocks(clock);
        using var stuck = await locks.EnterAsync("provider-a", CancellationToken.None);
        var waiting = locks.EnterAsync("provider-a", CancellationToken.None);

        clock.Advance(KeyedLocks.MaxWait - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        (await waiting).Dispose();
        var next = locks.EnterAsync("provider-a", CancellationToken.None);
        Assert.False(next.IsCompleted);
    }
}
