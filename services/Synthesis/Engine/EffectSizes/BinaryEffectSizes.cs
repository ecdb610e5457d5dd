namespace EvSysReview.Synthesis.Engine.EffectSizes;

/// <summary>
/// Effect sizes from two-arm event counts, as metafor's escalc() computes them with its defaults:
/// add = 1/2 to every cell of a study that has a zero cell (to = "only0"), and both yi and vi use
/// the adjusted counts (addyi = addvi = TRUE).
/// </summary>
public static class BinaryEffectSizes
{
    public const double ZeroCellCorrection = 0.5;

    public static IReadOnlyList<StudyEffect> Compute(EffectMeasure measure, IEnumerable<BinaryArms> studies) =>
        studies.Select(s => Compute(measure, s)).ToList();

    public static StudyEffect Compute(EffectMeasure measure, BinaryArms s)
    {
        var (a, b, c, d) = Cells(s);
        if (a == 0 || b == 0 || c == 0 || d == 0)
        {
            a += ZeroCellCorrection;
            b += ZeroCellCorrection;
            c += ZeroCellCorrection;
            d += ZeroCellCorrection;
        }

        double n1 = a + b, n2 = c + d, p1 = a / n1, p2 = c / n2;
        return measure switch
        {
            EffectMeasure.RR => new StudyEffect(s.Label, Math.Log(p1) - Math.Log(p2), 1 / a - 1 / n1 + 1 / c - 1 / n2),
            EffectMeasure.OR => new StudyEffect(s.Label, Math.Log(p1 / (1 - p1)) - Math.Log(p2 / (1 - p2)), 1 / a + 1 / b + 1 / c + 1 / d),
            EffectMeasure.RD => new StudyEffect(s.Label, p1 - p2, p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2),
            _ => throw new MetaAnalysisException($"measure {measure} needs means and SDs, not event counts.", s.Label),
        };
    }

    private static (double A, double B, double C, double D) Cells(BinaryArms s)
    {
        InputCheck.NonNegative(s.Events1, s.Label, nameof(s.Events1));
        InputCheck.NonNegative(s.Events2, s.Label, nameof(s.Events2));
        InputCheck.Positive(s.N1, s.Label, nameof(s.N1));
        InputCheck.Positive(s.N2, s.Label, nameof(s.N2));
        if (s.Events1 > s.N1)
        {
            throw new MetaAnalysisException($"{s.Events1} events exceed the arm size {s.N1}.", s.Label, nameof(s.Events1));
        }

        if (s.Events2 > s.N2)
        {
            throw new MetaAnalysisException($"{s.Events2} events exceed the arm size {s.N2}.", s.Label, nameof(s.Events2));
        }

        return (s.Events1, s.N1 - s.Events1, s.Events2, s.N2 - s.Events2);
    }
}
