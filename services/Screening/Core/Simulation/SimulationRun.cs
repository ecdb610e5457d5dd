namespace EvSysReview.Screening.Core.Simulation;

/// <summary>One simulated screening: the labels in the order screened after the priors.</summary>
public sealed record SimulationRun(SimulationOptions Options, IReadOnlyList<bool> LabelsInOrder, int Retrains)
{
    /// <summary>Cohen et al. 2006: (N − n₉₅)/N − 0.05.</summary>
    public double Wss95 => ScreeningMetrics.WorkSavedOverSampling(LabelsInOrder, 0.95);

    /// <summary>ASReview 0.9.3's formula for one run (what the published figures used, on the mean curve).</summary>
    public double AsreviewWss95 => ScreeningMetrics.AsreviewWss(LabelsInOrder, 0.95);

    public double Rrf10 => ScreeningMetrics.RecallAfter(LabelsInOrder, 0.10);

    /// <summary>ASReview 0.9.3's RRF@10 (one record more than Rrf10).</summary>
    public double AsreviewRrf10 => ScreeningMetrics.AsreviewRrf(LabelsInOrder, 0.10);

    public double RecallAfter25 => ScreeningMetrics.RecallAfter(LabelsInOrder, 0.25);
}
