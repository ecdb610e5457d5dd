namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>Model settings; the defaults are metafor's rma(): REML, z-test, 95% level.</summary>
public sealed record MetaAnalysisOptions
{
    public static MetaAnalysisOptions Default { get; } = new();

    public Tau2Method Method { get; init; } = Tau2Method.REML;

    /// <summary>Knapp–Hartung adjustment (rma(test="knha")): scaled variance and t-distribution with k − p df.</summary>
    public bool KnappHartung { get; init; }

    /// <summary>Coverage of confidence and prediction intervals (metafor's level=95).</summary>
    public double Level { get; init; } = 0.95;

    public FitControl Control { get; init; } = FitControl.MetaforDefaults;

    /// <summary>Compute the Q-profile interval for τ² (confint.rma.uni); off when only rma()'s own output is wanted.</summary>
    public bool Tau2Interval { get; init; } = true;

    internal bool IsRandomEffects => Method != Tau2Method.FE;
}
