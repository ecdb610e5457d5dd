namespace EvSysReview.Synthesis.Engine.EffectSizes;

/// <summary>Guards shared by the effect-size calculators: reject input metafor would turn into NA.</summary>
internal static class InputCheck
{
    public static void Finite(double value, string label, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new MetaAnalysisException($"value {value} is not a finite number.", label, field);
        }
    }

    public static void Positive(double value, string label, string field)
    {
        Finite(value, label, field);
        if (value <= 0)
        {
            throw new MetaAnalysisException($"must be > 0 but is {value}.", label, field);
        }
    }

    public static void NonNegative(double value, string label, string field)
    {
        Finite(value, label, field);
        if (value < 0)
        {
            throw new MetaAnalysisException($"must be >= 0 but is {value}.", label, field);
        }
    }
}
