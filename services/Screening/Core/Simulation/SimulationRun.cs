namespace EvSysReview.Screening.Core.Simulation;

/// <summary>One simulated screening: the labels in the order screened after the priors.</summary>
public sealed record SimulationRun(SimulationOptions Options, IReadOnlyList<bool> LabelsInOrder, int Retrains)
{
    public double Wss95 => ScreeningMetrics.WorkSavedOverSampling(LabelsInOrder, 0.95);

    public double Rrf10 => ScreeningMetrics.RecallAfter(LabelsInOrder, 0.10);

    public double RecallAfter25 => ScreeningMetrics.RecallAfter(LabelsInOrder, 0.25);
}
