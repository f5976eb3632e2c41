using VictimAssistance.Core.AccessLog;

namespace VictimAssistance.Tests.AccessLog;

/// <summary>The RowKeys of a case's access records: ordinal order (the order Table Storage lists a partition in) is newest first.</summary>
public sealed class AccessRecordRowKeyTests
{
    private const string ReadId = "0123456789abcdef0123456789abcdef";
    private const string LaterReadId = "00000000000000000000000000000000";

    private static readonly DateTimeOffset Noon = new(2025, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_later_read_sorts_before_an_earlier_one_even_one_tick_apart_and_with_a_lower_read_id()
    {
        var earlier = AccessRecordEntity.RowKeyFor(Noon, ReadId, 0);
        var later = AccessRecordEntity.RowKeyFor(Noon.AddTicks(1), LaterReadId, 0);

        Assert.True(string.CompareOrdinal(later, earlier) < 0, $"{later} should sort before {earlier}");
    }

    [Fact]
    public void Reads_years_apart_keep_their_order_because_the_ticks_are_padded_to_a_fixed_width()
    {
        var keys = new[] { Noon.AddYears(-20), Noon, Noon.AddYears(30) }.Select(at => AccessRecordEntity.RowKeyFor(at, ReadId, 0)).ToList();

        Assert.Equal([keys[2], keys[1], keys[0]], keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_records_of_one_read_keep_the_order_they_were_read_in()
    {
        var keys = Enumerable.Range(0, 200).Select(index => AccessRecordEntity.RowKeyFor(Noon, ReadId, index)).ToList();

        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_key_has_the_shape_a_continuation_token_is_checked_against()
    {
        Assert.Matches(AccessRecordEntity.RowKeyPattern(), AccessRecordEntity.RowKeyFor(Noon, ReadId, 199));
        Assert.Matches(AccessRecordEntity.RowKeyPattern(), AccessRecordEntity.RowKeyFor(DateTimeOffset.MinValue, ReadId, 0));
        Assert.Matches(AccessRecordEntity.RowKeyPattern(), AccessRecordEntity.RowKeyFor(DateTimeOffset.MaxValue, ReadId, 0));
    }
}
