using System.Security.Cryptography;
using System.Text;

namespace VictimAssistance.Core.Statistics;

/// <summary>
/// The cell-key method (ABS TableBuilder; ONS, Census 2021): every case holds a random record key from 0 to 255,
/// drawn once; a published cell's key derives from the record keys of the records it counts (their sum modulo
/// 256), the cell's name and the population the query counts; its count is perturbed by the entry of the p-table
/// at (count, cell key). The same query always gets the same noise, so asking again changes nothing, and two
/// populations differing by one person give noise, not that person. See docs/statistics.md. Pure.
/// </summary>
public static class CellKeyPerturbation
{
    public const int KeyRange = 256;

    /// <summary>D: no published count differs from the true count by more than this.</summary>
    public const int MaxPerturbation = 3;

    /// <summary>js + 1: a positive count is never published below this (1 and 2 become 0 or at least 3).</summary>
    public const int SmallestPublished = 3;

    /// <summary>
    /// The noise of counts far enough from zero that no constraint binds, in 256ths for −3 … +3: symmetric, so
    /// unbiased; variance 1.25; unchanged in 96 of 256 cell keys.
    /// </summary>
    public static readonly IReadOnlyList<int> BaseWeights = [4, 16, 60, 96, 60, 16, 4];

    /// <summary>Rows 0 … <see cref="LastConstrainedRow"/> + 1; a larger count uses the last row.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<int>> PTable = Build();

    /// <summary>The largest count whose noise is shaped by non-negativity or the smallest published count.</summary>
    public static int LastConstrainedRow => SmallestPublished - 1 + MaxPerturbation;

    /// <summary>A fresh record key, from a cryptographic generator so that nobody can predict or replay it.</summary>
    public static int DrawRecordKey() => RandomNumberGenerator.GetInt32(KeyRange);

    /// <summary>
    /// The cell key of the records counted under <paramref name="name"/>, whose record keys sum to
    /// <paramref name="keySum"/>, in a population whose record keys sum to <paramref name="populationKeySum"/>: a
    /// hash of the three, so it is uniform on 0 … 255 and fixed for fixed records. The name makes a breakdown cell
    /// holding the same records as the total get noise of its own; the population makes a cell whose records are
    /// the same in two queries (all the men, when the person left out is a woman) get noise of its own in each,
    /// so that which cells changed does not tell which cell the person is in.
    /// </summary>
    public static int CellKey(string name, long keySum, long populationKeySum) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{name}|{Residue(keySum)}|{Residue(populationKeySum)}")))[0];

    /// <summary>The published value of a true count whose cell key is <paramref name="cellKey"/>.</summary>
    public static long Publish(long count, int cellKey)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(cellKey);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cellKey, KeyRange);
        return count + PTable[(int)Math.Min(count, PTable.Count - 1)][cellKey];
    }

    /// <summary>Whether the p-table can publish <paramref name="published"/> for the true count <paramref name="count"/> (under some cell key).</summary>
    public static bool CanPublish(long count, long published) =>
        count >= 0 && PTable[(int)Math.Min(count, PTable.Count - 1)].Any(noise => count + noise == published);

    /// <summary>
    /// Each row lists the noise for every cell key, in ascending order of noise. A constrained row keeps only the
    /// outcomes that are 0 or at least <see cref="SmallestPublished"/>, and is re-weighted by exponential tilting
    /// (the least change to the base weights, in the Kullback–Leibler sense) so that its mean noise is zero.
    /// </summary>
    private static List<IReadOnlyList<int>> Build()
    {
        var rows = new List<IReadOnlyList<int>> { Enumerable.Repeat(0, KeyRange).ToArray() };
        for (var count = 1; count <= LastConstrainedRow + 1; count++)
        {
            var outcomes = Enumerable.Range(-MaxPerturbation, (2 * MaxPerturbation) + 1)
                .Where(noise => count + noise == 0 || count + noise >= SmallestPublished)
                .ToArray();
            var keys = Unbiased(outcomes, ToKeys(Tilted(outcomes)));
            rows.Add(outcomes.Zip(keys).SelectMany(outcome => Enumerable.Repeat(outcome.First, outcome.Second)).ToArray());
        }

        return rows;
    }

    private static double[] Tilted(int[] outcomes)
    {
        double Base(int noise) => BaseWeights[noise + MaxPerturbation];
        double[] At(double lambda) => outcomes.Select(noise => Base(noise) * Math.Exp(lambda * noise)).ToArray();
        double Mean(double lambda) => At(lambda).Zip(outcomes, (weight, noise) => weight * noise).Sum() / At(lambda).Sum();
        double low = -10, high = 10;
        for (var step = 0; step < 200; step++)
        {
            var middle = (low + high) / 2;
            (low, high) = Mean(middle) > 0 ? (low, middle) : (middle, high);
        }

        var weights = At((low + high) / 2);
        var total = weights.Sum();
        return weights.Select(weight => weight / total).ToArray();
    }

    /// <summary>Probabilities as whole numbers of cell keys out of 256, by largest remainder.</summary>
    private static int[] ToKeys(double[] probabilities)
    {
        var keys = probabilities.Select(probability => (int)Math.Floor(probability * KeyRange)).ToArray();
        foreach (var index in Enumerable.Range(0, keys.Length).OrderByDescending(index => (probabilities[index] * KeyRange) - keys[index]).ThenBy(index => index).Take(KeyRange - keys.Sum()))
        {
            keys[index]++;
        }

        return keys;
    }

    /// <summary>
    /// Rounding to whole cell keys leaves a small bias: moves single keys between outcomes while that brings the
    /// row's total noise closer to zero, never emptying an outcome.
    /// </summary>
    private static int[] Unbiased(int[] outcomes, int[] keys)
    {
        while (true)
        {
            var bias = outcomes.Zip(keys, (noise, count) => noise * count).Sum();
            var moves =
                from giver in Enumerable.Range(0, keys.Length)
                where keys[giver] > 1
                from taker in Enumerable.Range(0, keys.Length)
                let after = bias - outcomes[giver] + outcomes[taker]
                where Math.Abs(after) < Math.Abs(bias)
                orderby Math.Abs(after), Math.Abs(outcomes[giver] - outcomes[taker])
                select (giver, taker);
            if (!moves.Any())
            {
                return keys;
            }

            var (source, target) = moves.First();
            keys[source]--;
            keys[target]++;
        }
    }

    private static long Residue(long keySum) => ((keySum % KeyRange) + KeyRange) % KeyRange;
}
