using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Moderators;

/// <summary>One model coefficient; ZVal for z-tests, TVal under Knapp–Hartung.</summary>
public sealed record Coefficient(string Name, double Estimate, double Se, double? ZVal, double? TVal, double PVal, double CiLower, double CiUpper);

/// <summary>
/// A mixed-effects meta-regression (rma with mods). QM tests all coefficients but the intercept:
/// χ²(QMDf) for z-tests, F(QMDf, QMDenominatorDf) under Knapp–Hartung. QE is the test for residual
/// heterogeneity, Tau2 the residual τ², R2 the proportion of τ² explained (percent).
/// </summary>
public sealed record MetaRegressionResult
{
    public required Tau2Method Method { get; init; }
    public required bool KnappHartung { get; init; }
    public required int K { get; init; }
    public required IReadOnlyList<Coefficient> Coefficients { get; init; }
    public required double QM { get; init; }
    public required int QMDf { get; init; }
    public int? QMDenominatorDf { get; init; }
    public required double QMp { get; init; }
    public required double QE { get; init; }
    public required int QEDf { get; init; }
    public required double QEp { get; init; }
    public required double Tau2 { get; init; }
    public required double Tau { get; init; }
    public required double I2 { get; init; }
    public required double H2 { get; init; }
    /// <summary>
    /// Pseudo-R² in percent: (τ²₀ − τ²)/τ²₀ for RE models, adjusted weighted R² for FE (as metafor).
    /// Null for FE with k = p (no residual df), where metafor reports NA.
    /// </summary>
    public required double? R2 { get; init; }
    public required int Iterations { get; init; }
    public required IReadOnlyList<StudyWeight> Studies { get; init; }
}
