namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>
/// A pooled estimate with its heterogeneity statistics; property names are part of the public
/// JSON API. ZVal is set for z-tests and TVal (with Df) for Knapp–Hartung; the τ² interval is
/// null under the fixed-effect model, where the prediction interval equals the confidence interval.
/// </summary>
public sealed record MetaAnalysisResult
{
    public required Tau2Method Method { get; init; }
    public required bool KnappHartung { get; init; }
    /// <summary>Coverage of the confidence and prediction intervals, e.g. 0.95.</summary>
    public required double Level { get; init; }
    public required int K { get; init; }
    public required double Estimate { get; init; }
    public required double Se { get; init; }
    public required double CiLower { get; init; }
    public required double CiUpper { get; init; }
    public double? ZVal { get; init; }
    public double? TVal { get; init; }
    /// <summary>Degrees of freedom of the t-test (k − 1) when KnappHartung is set.</summary>
    public double? Df { get; init; }
    public required double PVal { get; init; }
    public required double Tau2 { get; init; }
    public double? Tau2CiLower { get; init; }
    public double? Tau2CiUpper { get; init; }
    public required double Tau { get; init; }
    public required double I2 { get; init; }
    public required double H2 { get; init; }
    public required double Q { get; init; }
    public required int QDf { get; init; }
    public required double QP { get; init; }
    public required double PiLower { get; init; }
    public required double PiUpper { get; init; }
    /// <summary>Fisher scoring iterations (ML/REML/EB), 0 for closed-form estimators.</summary>
    public required int Iterations { get; init; }
    public required IReadOnlyList<StudyWeight> Studies { get; init; }
}
