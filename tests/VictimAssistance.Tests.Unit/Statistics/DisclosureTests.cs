using VictimAssistance.Core.Statistics;

namespace VictimAssistance.Tests.Statistics;

/// <summary>The disclosure-control table: cells as counts in, published cells out ("-" = suppressed), threshold 5.</summary>
public sealed class DisclosureTests
{
    [Theory]
    [InlineData("0,0,0", "0,0,0")] // zeros stay zero
    [InlineData("5,6,7", "5,6,7")] // nothing below the threshold
    [InlineData("1,2,30", "-,-,30")] // two primaries protect each other: no secondary needed
    [InlineData("86,40,3", "86,-,-")] // one primary → the next smallest non-zero cell too
    [InlineData("3,0,20,9", "-,0,20,-")] // the secondary skips zeros
    [InlineData("4,9,9,12", "-,-,9,12")] // a tie: the first of the equal cells in breakdown order
    [InlineData("12,9,4,9", "12,-,-,9")] // the same tie, in another order
    [InlineData("4,0,0", "-,0,0")] // nothing left to suppress: the total (4) is itself suppressed
    [InlineData("1,1,1,50", "-,-,-,50")] // three primaries
    [InlineData("5,1,5", "-,-,5")] // a cell exactly at the threshold is published, but may be the secondary
    public void Suppresses_small_cells_and_the_next_smallest_when_one_alone_would_be_recoverable(string counts, string published)
    {
        var cells = counts.Split(',').Select(long.Parse).ToList();

        var result = Disclosure.Suppress(cells, threshold: 5);

        Assert.Equal(published, string.Join(',', result.Select(cell => cell?.ToString() ?? "-")));
    }

    [Theory]
    [InlineData(0, 0L)]
    [InlineData(1, null)]
    [InlineData(4, null)]
    [InlineData(5, 5L)]
    [InlineData(128, 128L)]
    public void A_total_is_exact_from_the_threshold_on_zero_is_zero_and_anything_between_is_suppressed(long total, long? published)
    {
        Assert.Equal(published, Disclosure.Total(total, threshold: 5));
    }

    [Fact]
    public void The_threshold_in_force_decides_what_is_small()
    {
        Assert.Equal([null, null, 40L], Disclosure.Suppress([3, 9, 40], threshold: 10));
        Assert.Equal([3L, 9L, 40L], Disclosure.Suppress([3, 9, 40], threshold: 3));
    }
}
