namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// ASReview's "double" balance: the training set keeps its size n but is resampled so that the
/// includes weigh a · (n₊/n₋)^(−α) each and the excludes 1 − (1 − b)(1 + ln n)^(−β), with its
/// defaults a = 2.155, α = 0.94, b = 0.789, β = 1 (asreview/balance_strategies/double.py at
/// v0.9.3, commit 4f4d137c7d5ecb8ca69d820c7594002ac1b8182a, lines 50–115). Records are copied whole
/// as often as they fit and the remainder drawn without replacement, as there. A multiplicity per
/// record is the same training set for naive Bayes, whose fit only sums.
/// </summary>
public static class DoubleBalance
{
    /// <returns>How often each label enters the training set, in the order given.</returns>
    public static int[] Multiplicities(IReadOnlyList<bool> included, Random random) =>
        Multiplicities(included, random, DoubleBalanceWeights.AsreviewDefault);

    /// <returns>How often each label enters the training set, in the order given.</returns>
    public static int[] Multiplicities(IReadOnlyList<bool> included, Random random, DoubleBalanceWeights weights)
    {
        var ones = Enumerable.Range(0, included.Count).Where(i => included[i]).ToArray();
        var zeros = Enumerable.Range(0, included.Count).Where(i => !included[i]).ToArray();
        var counts = new int[included.Count];
        if (ones.Length == 0 || zeros.Length == 0)
        {
            Array.Fill(counts, 1);
            return counts;
        }

        var n = included.Count;
        var oneWeight = weights.A * Math.Pow((double)ones.Length / zeros.Length, -weights.Alpha);
        var zeroWeight = 1 - ((1 - weights.B) * Math.Pow(1 + Math.Log(n), -weights.Beta));
        var share = oneWeight * ones.Length * n / ((oneWeight * ones.Length) + (zeroWeight * zeros.Length));
        var onesToTrain = Math.Max(1, Math.Min(n - 2, RandomRound(share, random)));
        Fill(ones, onesToTrain, counts, random);
        Fill(zeros, n - onesToTrain, counts, random);
        return counts;
    }

    /// <summary>Rounds up with probability equal to the fraction (8.1 → 9 one time in ten).</summary>
    private static int RandomRound(double value, Random random)
    {
        var floor = (int)Math.Floor(value);
        return random.NextDouble() < value - floor ? floor + 1 : floor;
    }

    private static void Fill(int[] source, int wanted, int[] counts, Random random)
    {
        var copies = wanted / source.Length;
        foreach (var i in source) counts[i] += copies;
        var drawn = source.ToArray();
        random.Shuffle(drawn);
        foreach (var i in drawn.Take(wanted - (copies * source.Length))) counts[i]++;
    }
}
