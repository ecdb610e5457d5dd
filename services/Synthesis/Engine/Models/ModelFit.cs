namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>Everything one rma.uni fit produces, shared by pooled analyses and meta-regression.</summary>
internal sealed record ModelFit
{
    public required LinearModelData Data { get; init; }
    public required MetaAnalysisOptions Options { get; init; }
    public required double[] Beta { get; init; }
    public required double[,] Covariance { get; init; }
    public required double[] Se { get; init; }
    public required double[] Statistic { get; init; }
    public required double[] PValues { get; init; }
    public required double[] CiLower { get; init; }
    public required double[] CiUpper { get; init; }
    /// <summary>Residual df k − p of the t-tests under Knapp–Hartung; null for z-tests.</summary>
    public double? Df { get; init; }
    public required double Critical { get; init; }
    public required double Tau2 { get; init; }
    public required int Iterations { get; init; }
    public required double QE { get; init; }
    public required double QEp { get; init; }
    public required double I2 { get; init; }
    public required double H2 { get; init; }
    /// <summary>Per-study weights 1/(vi + τ²).</summary>
    public required double[] Weights { get; init; }

    public int K => Data.K;

    public int P => Data.P;
}
