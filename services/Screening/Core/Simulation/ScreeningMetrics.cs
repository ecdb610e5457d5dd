namespace EvSysReview.Screening.Core.Simulation;

/// <summary>
/// Work saved and recall figures of a screening order, as in the ASReview simulation study:
/// computed over the records screened after the prior knowledge (the priors are not counted),
/// from the labels in the order they were screened.
/// </summary>
public static class ScreeningMetrics
{
    /// <summary>
    /// Work saved over sampling at a recall level: WSS@r = (N − n_r)/N − (1 − r), where n_r is
    /// the number screened when ⌈r·I⌉ of the I inclusions have been found (Cohen et al. 2006).
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

    /// <summary>Share of the inclusions found within the first ⌈fraction·N⌉ records (RRF@10 is fraction 0.10).</summary>
    public static double RecallAfter(IReadOnlyList<bool> labelsInOrder, double fraction)
    {
        var inclusions = labelsInOrder.Count(l => l);
        var screened = (int)Math.Ceiling(fraction * labelsInOrder.Count - 1e-9);
        return inclusions == 0 ? double.NaN : (double)labelsInOrder.Take(screened).Count(l => l) / inclusions;
    }
}
