using VictimAssistance.Core.Statistics;

namespace VictimAssistance.Tests.Statistics;

/// <summary>The cell-key method as tables: the p-table's properties row by row, and the cell key's consistency.</summary>
public sealed class CellKeyPerturbationTests
{
    private const int D = CellKeyPerturbation.MaxPerturbation;

    public static TheoryData<int> Rows => [.. Enumerable.Range(0, CellKeyPerturbation.PTable.Count)];

    [Fact]
    public void Zero_is_always_published_as_zero()
    {
        Assert.All(Enumerable.Range(0, CellKeyPerturbation.KeyRange), cellKey => Assert.Equal(0, CellKeyPerturbation.Publish(0, cellKey)));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_row_gives_every_cell_key_a_non_negative_result_within_the_maximum_and_never_1_or_2(int count)
    {
        var row = CellKeyPerturbation.PTable[count];

        Assert.Equal(CellKeyPerturbation.KeyRange, row.Count);
        Assert.All(row, noise =>
        {
            Assert.InRange(noise, -D, D);
            Assert.True(count + noise == 0 || count + noise >= CellKeyPerturbation.SmallestPublished, $"{count} published as {count + noise}");
        });
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_row_is_unbiased(int count)
    {
        Assert.Equal(0, CellKeyPerturbation.PTable[count].Sum());
    }

    [Fact]
    public void The_p_table_is_as_documented()
    {
        var rows = CellKeyPerturbation.PTable.Select((row, count) =>
            $"{count}: " + string.Join(' ', row.GroupBy(noise => noise).OrderBy(group => group.Key).Select(group => $"{group.Key:+0;-0;0}×{group.Count()}")));

        Assert.Equal(
            [
                "0: 0×256",
                "1: -1×176 +2×64 +3×16",
                "2: -2×97 +1×129 +2×25 +3×5",
                "3: -3×28 0×157 +1×60 +2×9 +3×2",
                "4: -1×83 0×106 +1×53 +2×12 +3×2",
                "5: -2×17 -1×64 0×98 +1×59 +2×15 +3×3",
                "6: -3×4 -2×16 -1×60 0×96 +1×60 +2×16 +3×4",
            ],
            rows);
    }

    [Fact]
    public void Counts_beyond_the_constrained_rows_get_the_base_noise_exactly_symmetric_with_variance_1_25()
    {
        var row = CellKeyPerturbation.PTable[CellKeyPerturbation.LastConstrainedRow + 1];
        var weights = Enumerable.Range(-D, (2 * D) + 1).Select(noise => row.Count(entry => entry == noise)).ToArray();

        Assert.Equal(CellKeyPerturbation.BaseWeights, weights);
        Assert.Equal(0, row.Sum());
        Assert.Equal(1.25, row.Average(noise => (double)noise * noise));
        Assert.Equal(CellKeyPerturbation.PTable.Count - 1, CellKeyPerturbation.LastConstrainedRow + 1);
        Assert.Equal(1000 + row[77], CellKeyPerturbation.Publish(1000, 77));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_count_of_1_or_2_may_be_published_as_0_or_3_so_a_published_0_is_no_proof_of_absence(int count)
    {
        Assert.True(CellKeyPerturbation.CanPublish(count, 0));
        Assert.True(CellKeyPerturbation.CanPublish(count, 3));
        Assert.False(CellKeyPerturbation.CanPublish(count, count));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(40)]
    public void Counts_from_3_on_are_perturbed_both_ways(int count)
    {
        Assert.Contains(CellKeyPerturbation.PTable[Math.Min(count, CellKeyPerturbation.PTable.Count - 1)], noise => noise < 0);
        Assert.Contains(CellKeyPerturbation.PTable[Math.Min(count, CellKeyPerturbation.PTable.Count - 1)], noise => noise > 0);
        Assert.True(CellKeyPerturbation.CanPublish(count, count));
    }

    [Fact]
    public void The_cell_key_depends_only_on_the_cells_name_and_the_key_sums_of_its_records_and_population_modulo_256()
    {
        Assert.Equal(CellKeyPerturbation.CellKey("sex/female", 300, 900), CellKeyPerturbation.CellKey("sex/female", 300 + (7 * 256), 900 - 256));
        Assert.Contains(Enumerable.Range(0, 256), sum => CellKeyPerturbation.CellKey("cases", sum, 900) != CellKeyPerturbation.CellKey("sex/female", sum, 900));
        Assert.Contains(Enumerable.Range(0, 256), sum => CellKeyPerturbation.CellKey("sex/male", 300, sum) != CellKeyPerturbation.CellKey("sex/male", 300, 900));
    }

    [Fact]
    public void Cell_keys_are_spread_evenly_over_0_to_255()
    {
        var keys = Enumerable.Range(0, 256 * 64).Select(sum => CellKeyPerturbation.CellKey("month/2026-03", sum / 64, sum % 256)).ToList();

        Assert.All(keys.GroupBy(key => key), group => Assert.InRange(group.Count(), 32, 96));
        Assert.Equal(256, keys.Distinct().Count());
    }

    [Fact]
    public void Record_keys_are_drawn_across_the_whole_range()
    {
        var keys = Enumerable.Range(0, 20_000).Select(_ => CellKeyPerturbation.DrawRecordKey()).ToList();

        Assert.All(keys, key => Assert.InRange(key, 0, 255));
        Assert.Equal(256, keys.Distinct().Count());
    }
}
