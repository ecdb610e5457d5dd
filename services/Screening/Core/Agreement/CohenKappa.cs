namespace EvSysReview.Screening.Core.Agreement;

/// <summary>
/// Unweighted Cohen's kappa with the large-sample (non-null) standard error of Fleiss, Cohen and
/// Everitt (1969, Psychol Bull 72:323):
///   Var(κ) = [ Σ_ij p_ij (δ_ij − (p_·i + p_j·)(1 − κ))² − (κ − p_e(1 − κ))² ] / (n (1 − p_e)²)
/// and a Wald interval κ ± z₀.₉₇₅·SE clipped to [−1, 1]. This is exactly what R's
/// vcd::Kappa (ASE) and confint(vcd::Kappa(...)) compute, which the tests check against.
/// </summary>
public static class CohenKappa
{
    private const double Z975 = 1.959963984540054;

    /// <summary>Kappa from paired ratings: one (first rater, second rater) category pair per item.</summary>
    public static KappaEstimate FromPairs<T>(IEnumerable<(T First, T Second)> ratings) where T : notnull
    {
        var pairs = ratings.ToList();
        var categories = pairs.SelectMany(p => new[] { p.First, p.Second }).Distinct().ToList();
        var index = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var table = new int[categories.Count, categories.Count];
        foreach (var (first, second) in pairs)
        {
            table[index[first], index[second]]++;
        }

        return FromTable(table);
    }

    /// <summary>Kappa from a square contingency table: rows the first rater, columns the second.</summary>
    public static KappaEstimate FromTable(int[,] table)
    {
        var k = table.GetLength(0);
        if (table.GetLength(1) != k)
        {
            throw new ArgumentException("The agreement table must be square.", nameof(table));
        }

        var n = 0;
        foreach (var count in table)
        {
            n += count;
        }

        if (n == 0)
        {
            return new KappaEstimate(0, double.NaN, double.NaN, null, null, null, null);
        }

        var p = new double[k, k];
        var rows = new double[k];
        var columns = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                p[i, j] = (double)table[i, j] / n;
                rows[i] += p[i, j];
                columns[j] += p[i, j];
            }
        }

        double observed = 0, chance = 0;
        for (var i = 0; i < k; i++)
        {
            observed += p[i, i];
            chance += rows[i] * columns[i];
        }

        if (1 - chance < 1e-12)
        {
            return new KappaEstimate(n, observed, chance, null, null, null, null);
        }

        var kappa = (observed - chance) / (1 - chance);
        var sum = 0.0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var term = (i == j ? 1 : 0) - (columns[i] + rows[j]) * (1 - kappa);
                sum += p[i, j] * term * term;
            }
        }

        var correction = kappa - chance * (1 - kappa);
        // Rounding can take the difference a hair below zero when agreement is perfect.
        var variance = Math.Max(0, sum - correction * correction) / ((1 - chance) * (1 - chance) * n);
        var se = Math.Sqrt(variance);
        return new KappaEstimate(n, observed, chance, kappa, se, Math.Max(-1, kappa - Z975 * se), Math.Min(1, kappa + Z975 * se));
    }
}
