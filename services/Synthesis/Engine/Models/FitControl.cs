namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>
/// Iteration settings, defaulting to metafor's rma() control list: tau2.init = NULL (start from
/// the HE estimate truncated at 0), maxiter = 100, threshold = 1e-5 on the change in τ², stepadj = 1.
/// RootTolerance is for the Brent searches (PM and the Q-profile interval); metafor uses uniroot
/// with tol = .Machine$double.eps^0.25 ≈ 1.2e-4, we default to far tighter because it costs little.
/// </summary>
public sealed record FitControl
{
    public static FitControl MetaforDefaults { get; } = new();

    public double? Tau2Init { get; init; }

    public int MaxIterations { get; init; } = 100;

    public double Threshold { get; init; } = 1e-5;

    public double StepAdjustment { get; init; } = 1;

    public double RootTolerance { get; init; } = 1e-12;
}
