namespace EvSysReview.Screening.Core.Simulation;

/// <summary>
/// Work saved and recall figures of a screening order, computed over the records screened after the
/// prior knowledge (the priors are not counted), from the labels in the order they were screened.
/// Two WSS definitions: Cohen et al. 2006's, and the one ASReview 0.9.3 computed the published
/// Ferdinands 2020 figures with (they differ by up to about one point; see AsreviewWss).
/// </summary>
public static class ScreeningMetrics
{
    /// <summary>
    /// Work saved over sampling at a recall level as Cohen et al. 2006 define it:
    /// WSS@r = (N − n_r)/N − (1 − r), where n_r is the number screened when ⌈r·I⌉ of the I
    /// inclusions have been found.
    /// </summary>
    public static double WorkSavedOverSampling(IReadOnlyList<bool> labelsInOrder, double recall)
    {
        var inclusions = labelsInOrder.Count(l => l);
        var target = (int)Math.Ceiling(recall * inclusions - 1e-9);
        var found = 0;
        var screened = 0;
        while (found < target)
        {
            found += labelsInOrder[screened++] ? 1 : 0;
        }

        var n = labelsInOrder.Count;
        return (double)(n - screened) / n - (1 - recall);
    }

    /// <summary>
    /// WSS as ASReview 0.9.3 computes it, the formula behind the published Ferdinands 2020 figures
    /// (asreview-statistics 0.3 StateStatistics.wss → asreview.analysis.Analysis.wss, asreview
    /// v0.9.3 = commit 4f4d137c7d5ecb8ca69d820c7594002ac1b8182a, asreview/analysis/analysis.py
    /// lines 143–159 and 224–227; statistics.py _find_inclusions lines 19–43). Step i (from 0)
    /// has x = i/N and y = inclusions among the first i + 1 records / I, N and I counted without
    /// the priors; at the first step with y ≥ r it returns y − x. So it is the recall actually
    /// reached (⌈r·I⌉/I, not r) minus the share screened less one record:
    /// = ⌈r·I⌉/I − (n_r − 1)/N, against Cohen's r − n_r/N. The difference, ⌈r·I⌉/I − r + 1/N,
    /// is never negative: 0.04 points on Ace (I = 40), 1.0 on Nudging (I = 99).
    /// </summary>
    public static double AsreviewWss(IReadOnlyList<bool> labelsInOrder, double recall) =>
        AsreviewWssOfMeanCurve([labelsInOrder], recall);

    /// <summary>
    /// ASReview's WSS of the mean recall curve of several runs of the same dataset: how the
    /// published figure was made. The thesis' results/extract_results.ipynb calls
    /// StateStatistics.from_path on the folder of the 15 runs, and Analysis._get_inc_found
    /// (analysis.py lines 161–192) averages the inclusions found at each step over the runs
    /// before Analysis.wss reads the curve (e.g. Ace: all.json 82.90, the published 82.9; the
    /// mean of the 15 single-run values is 83.68).
    /// </summary>
    public static double AsreviewWssOfMeanCurve(IReadOnlyList<IReadOnlyList<bool>> runs, double recall)
    {
        var n = runs[0].Count;
        var inclusions = runs[0].Count(l => l);
        if (runs.Any(r => r.Count != n || r.Count(l => l) != inclusions))
        {
            throw new ArgumentException("Every run must screen the same records after the same number of prior inclusions.", nameof(runs));
        }

        var found = new double[runs.Count];
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var r = 0; r < runs.Count; r++)
            {
                found[r] += runs[r][i] ? 1 : 0;
                sum += found[r];
            }

            // ASReview compares percentages with a 1e-6 tolerance: 100·y ≥ 100·r − 1e-6.
            var y = sum / runs.Count / inclusions;
            if (100 * y >= (100 * recall) - 1e-6)
            {
                return y - ((double)i / n);
            }
        }

        return double.NaN;
    }

    /// <summary>Share of the inclusions found within the first ⌈fraction·N⌉ records (RRF@10 is fraction 0.10).</summary>
    public static double RecallAfter(IReadOnlyList<bool> labelsInOrder, double fraction)
    {
        var inclusions = labelsInOrder.Count(l => l);
        var screened = (int)Math.Ceiling(fraction * labelsInOrder.Count - 1e-9);
        return inclusions == 0 ? double.NaN : (double)labelsInOrder.Take(screened).Count(l => l) / inclusions;
    }

    /// <summary>
    /// RRF as ASReview 0.9.3 computes it (Analysis.rrf, analysis.py lines 246–259): the first step
    /// i with x = i/N ≥ fraction, and the recall y after i + 1 records, so one record more than
    /// RecallAfter counts. The published RRF@10 is the mean over the runs (linear, so the mean
    /// curve gives the same).
    /// </summary>
    public static double AsreviewRrf(IReadOnlyList<bool> labelsInOrder, double fraction)
    {
        var n = labelsInOrder.Count;
        var inclusions = labelsInOrder.Count(l => l);
        for (var i = 0; i < n; i++)
        {
            if (100.0 * i / n >= (100 * fraction) - 1e-6)
            {
                return (double)labelsInOrder.Take(i + 1).Count(l => l) / inclusions;
            }
        }

        return double.NaN;
    }
}
