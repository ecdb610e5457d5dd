using MathNet.Numerics;

namespace EvSysReview.Synthesis.Engine.EffectSizes;

/// <summary>
/// Effect sizes from two-arm continuous data, as metafor's escalc() computes them with its
/// defaults (vtype = "LS"), plus the CAMARADES normalised mean difference.
/// </summary>
public static class ContinuousEffectSizes
{
    public static IReadOnlyList<StudyEffect> Compute(EffectMeasure measure, IEnumerable<ContinuousArms> studies) =>
        studies.Select(s => Compute(measure, s)).ToList();

    public static StudyEffect Compute(EffectMeasure measure, ContinuousArms s)
    {
        Validate(s);
        var effect = measure switch
        {
            EffectMeasure.MD => MeanDifference(s),
            EffectMeasure.SMD => HedgesG(s),
            EffectMeasure.ROM => LogRatioOfMeans(s),
            EffectMeasure.NMD => NormalisedMeanDifference(s),
            _ => throw new MetaAnalysisException($"measure {measure} needs binary (event count) data, not means and SDs.", s.Label),
        };
        return WithUsableVariance(effect, s);
    }

    // SD 0 in both arms (as reported, or an IQR with q1 = q3) gives vi = 0 for MD, ROM and NMD:
    // the row would take infinite weight and the fit refuses it, failing the whole analysis.
    // Refused here instead, per row and by field, so a caller can leave that row out with a note.
    private static StudyEffect WithUsableVariance(StudyEffect effect, ContinuousArms s)
    {
        if (!double.IsFinite(effect.Vi) || effect.Vi <= 0)
        {
            throw new MetaAnalysisException($"the sampling variance is {effect.Vi} (SD {s.Sd1} and {s.Sd2}): it must be positive and finite.", s.Label, nameof(s.Sd1));
        }

        return effect;
    }

    private static void Validate(ContinuousArms s)
    {
        InputCheck.Finite(s.Mean1, s.Label, nameof(s.Mean1));
        InputCheck.Finite(s.Mean2, s.Label, nameof(s.Mean2));
        InputCheck.NonNegative(s.Sd1, s.Label, nameof(s.Sd1));
        InputCheck.NonNegative(s.Sd2, s.Label, nameof(s.Sd2));
        InputCheck.Positive(s.N1, s.Label, nameof(s.N1));
        InputCheck.Positive(s.N2, s.Label, nameof(s.N2));
    }

    // escalc(measure="MD"): vtype "LS" (= "UB") does not assume equal variances.
    private static StudyEffect MeanDifference(ContinuousArms s) =>
        new(s.Label, s.Mean1 - s.Mean2, s.Sd1 * s.Sd1 / s.N1 + s.Sd2 * s.Sd2 / s.N2);

    // escalc(measure="SMD"): d on the pooled SD, times the exact small-sample correction
    // c(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2)) with m = n1 + n2 − 2; vi = 1/n1 + 1/n2 + g²/(2(n1+n2)).
    private static StudyEffect HedgesG(ContinuousArms s)
    {
        var m = s.N1 + s.N2 - 2;
        if (m <= 1)
        {
            throw new MetaAnalysisException("Hedges' g needs n1 + n2 > 3.", s.Label, nameof(s.N1));
        }

        var pooledSd = Math.Sqrt(((s.N1 - 1) * s.Sd1 * s.Sd1 + (s.N2 - 1) * s.Sd2 * s.Sd2) / m);
        if (pooledSd <= 0)
        {
            throw new MetaAnalysisException("pooled SD is 0, the SMD is undefined.", s.Label, nameof(s.Sd1));
        }

        var correction = Math.Exp(SpecialFunctions.GammaLn(m / 2) - Math.Log(Math.Sqrt(m / 2)) - SpecialFunctions.GammaLn((m - 1) / 2));
        var g = correction * (s.Mean1 - s.Mean2) / pooledSd;
        var vi = 1 / s.N1 + 1 / s.N2 + g * g / (2 * (s.N1 + s.N2));
        return new StudyEffect(s.Label, g, vi);
    }

    // escalc(measure="ROM"): log(m1/m2), vi = sd1²/(n1 m1²) + sd2²/(n2 m2²). Both means must be
    // positive: metafor returns NaN otherwise, we refuse.
    private static StudyEffect LogRatioOfMeans(ContinuousArms s)
    {
        InputCheck.Positive(s.Mean1, s.Label, nameof(s.Mean1));
        InputCheck.Positive(s.Mean2, s.Label, nameof(s.Mean2));
        var yi = Math.Log(s.Mean1 / s.Mean2);
        var vi = s.Sd1 * s.Sd1 / (s.N1 * s.Mean1 * s.Mean1) + s.Sd2 * s.Sd2 / (s.N2 * s.Mean2 * s.Mean2);
        return new StudyEffect(s.Label, yi, vi);
    }

    /// <summary>
    /// Normalised mean difference (Vesterinen et al. 2014, J Neurosci Methods 221:92-102, "Meta-analysis
    /// of data from animal studies: a practical guide", section 3.2.2): the treatment effect as a
    /// percentage of the injury in the control group, where the injury is control mean minus sham
    /// (healthy) mean. yi = 100·(m1 − m2)/(m2 − mSham); each arm's SD is rescaled the same way,
    /// sd* = 100·sd/(m2 − mSham), and vi = sd1*²/n1 + sd2*²/n2. Sign: as MD (arm 1 minus arm 2);
    /// Vesterinen reports control minus treatment, so a caller wanting "improvement is positive" for
    /// a lower-is-better outcome swaps the arms.
    /// </summary>
    private static StudyEffect NormalisedMeanDifference(ContinuousArms s)
    {
        InputCheck.Finite(s.ShamMean, s.Label, nameof(s.ShamMean));
        var injury = s.Mean2 - s.ShamMean;
        if (injury == 0)
        {
            throw new MetaAnalysisException("control mean equals the sham mean, the NMD is undefined.", s.Label, nameof(s.Mean2));
        }

        var scale = 100 / Math.Abs(injury);
        var yi = 100 * (s.Mean1 - s.Mean2) / injury;
        var sd1 = s.Sd1 * scale;
        var sd2 = s.Sd2 * scale;
        return new StudyEffect(s.Label, yi, sd1 * sd1 / s.N1 + sd2 * sd2 / s.N2);
    }
}
