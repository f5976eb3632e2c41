namespace VictimAssistance.Core.Statistics;

/// <summary>
/// Disclosure control of published counts. Primary: every cell from 1 to threshold − 1 is suppressed (null).
/// Secondary: a breakdown left with exactly one suppressed cell also suppresses its smallest remaining non-zero
/// cell (the first of equal ones, in breakdown order), so the suppressed value cannot be recovered by subtracting
/// the others from the total. Zero is published as 0: it identifies nobody.
/// </summary>
public static class Disclosure
{
    public static long?[] Suppress(IReadOnlyList<long> cells, int threshold)
    {
        var published = cells.Select(count => IsSmall(count, threshold) ? null : (long?)count).ToArray();
        if (published.Count(cell => cell is null) == 1)
        {
            var next = Enumerable.Range(0, cells.Count)
                .Where(index => published[index] is > 0)
                .OrderBy(index => cells[index])
                .ThenBy(index => index)
                .DefaultIfEmpty(-1)
                .First();
            if (next >= 0)
            {
                published[next] = null;
            }
        }

        return published;
    }

    /// <summary>A total is exact when it is at least the threshold (or zero), otherwise suppressed.</summary>
    public static long? Total(long total, int threshold) => IsSmall(total, threshold) ? null : total;

    private static bool IsSmall(long count, int threshold) => count > 0 && count < threshold;
}
