using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;

namespace EvSysReview.Synthesis.Engine.Bias;

/// <summary>The side of the funnel plot on which studies are presumed missing.</summary>
public enum FunnelSide
{
    Left,
    Right,
}

/// <summary>
/// Trim-and-fill result: K0 estimated missing studies (SeK0 its standard error), the filled
/// (mirrored) studies, and the model refitted to observed plus filled studies.
/// </summary>
public sealed record TrimAndFillResult(
    int K0,
    double SeK0,
    FunnelSide Side,
    IReadOnlyList<StudyEffect> Filled,
    MetaAnalysisResult Adjusted);

/// <summary>
/// Duval &amp; Tweedie's trim-and-fill with the L0 estimator, as metafor's trimfill(): the side is
/// chosen from the sign of the slope of yi on √vi (slope &lt; 0 → right, else left), studies are
/// trimmed from the other side until k0 stops changing, and the k0 most extreme are mirrored about
/// the trimmed estimate. With k0 = 0 the result is the caller's model unchanged; otherwise the
/// refit to observed plus filled studies uses the caller's method with test = "z", as metafor 3.8's
/// trimfill.rma.uni does (it passes method but not test to rma.uni), even under Knapp–Hartung.
/// </summary>
public static class TrimAndFill
{
    private const int MaxIterations = 100;

    public static TrimAndFillResult Run(IReadOnlyList<StudyEffect> studies, MetaAnalysisOptions? options = null, FunnelSide? side = null)
    {
        options ??= MetaAnalysisOptions.Default;
        var k = studies.Count;
        if (k < 3)
        {
            throw new MetaAnalysisException("trim-and-fill needs at least 3 studies.", kind: MetaAnalysisFailure.TooFewStudies);
        }

        var chosenSide = side ?? ChooseSide(studies, options);
        var sign = chosenSide == FunnelSide.Right ? -1.0 : 1.0;
        // Work on the left-side problem: flip for right, then sort ascending (stable, as R's sort).
        var sorted = studies.Select(s => new StudyEffect(s.Label, sign * s.Yi, s.Vi)).OrderBy(s => s.Yi).ToList();

        int k0 = 0, previous = -1, iterations = 0;
        double estimate = 0, seK0 = 0;
        while (k0 != previous)
        {
            previous = k0;
            if (++iterations > MaxIterations)
            {
                throw new MetaAnalysisException($"trim-and-fill did not converge within {MaxIterations} iterations.", kind: MetaAnalysisFailure.NotConverged);
            }

            estimate = MixedEffectsModel.Fit(LinearModelData.InterceptOnly(sorted.Take(k - k0).ToList()), options).Beta[0];
            (k0, seK0) = EstimateL0(sorted, estimate);
        }

        if (k0 == 0)
        {
            return new TrimAndFillResult(0, seK0, chosenSide, [], MetaAnalysis.Fit(studies, options));
        }

        var filled = sorted.Skip(k - k0)
            .Select((s, i) => new StudyEffect($"Filled {i + 1}", sign * (2 * estimate - s.Yi), s.Vi))
            .ToList();
        return new TrimAndFillResult(k0, seK0, chosenSide, filled, MetaAnalysis.Fit([.. studies, .. filled], options with { KnappHartung = false }));
    }

    private static FunnelSide ChooseSide(IReadOnlyList<StudyEffect> studies, MetaAnalysisOptions options)
    {
        var slope = MetaRegression.Fit(studies, [new ContinuousModerator("sei", studies.Select(s => Math.Sqrt(s.Vi)).ToList())], options)
            .Coefficients[1].Estimate;
        return slope < 0 ? FunnelSide.Right : FunnelSide.Left;
    }

    // L0 = (4 S_r − k(k+1)) / (2k − 1), S_r the sum of the positive signed ranks of |yi − estimate|
    // (ties ranked by position, as rank(ties.method = "first")), rounded and truncated at 0.
    private static (int K0, double SeK0) EstimateL0(IReadOnlyList<StudyEffect> sorted, double estimate)
    {
        var k = sorted.Count;
        var centred = sorted.Select(s => s.Yi - estimate).ToArray();
        var byMagnitude = Enumerable.Range(0, k).OrderBy(i => Math.Abs(centred[i])).ToArray();
        var sumPositiveRanks = 0.0;
        for (var rank = 1; rank <= k; rank++)
        {
            if (centred[byMagnitude[rank - 1]] > 0) sumPositiveRanks += rank;
        }

        var l0 = (4 * sumPositiveRanks - k * (k + 1.0)) / (2 * k - 1.0);
        var varianceSr = (k * (k + 1.0) * (2 * k + 1) + 10 * Math.Pow(l0, 3) + 27 * l0 * l0 + 17 * l0 - 18 * k * l0 * l0 - 18 * k * l0 + 6.0 * k * k * l0) / 24;
        var seK0 = varianceSr > 0 ? 4 * Math.Sqrt(varianceSr) / (2 * k - 1) : 0;
        return ((int)Math.Max(0, Math.Round(l0, MidpointRounding.ToEven)), seK0);
    }
}
