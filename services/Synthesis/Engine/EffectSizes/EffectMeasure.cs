namespace EvSysReview.Synthesis.Engine.EffectSizes;

/// <summary>Outcome measures, named as in metafor's escalc(measure=...) except NMD.</summary>
public enum EffectMeasure
{
    /// <summary>Standardised mean difference, Hedges' g (bias-corrected).</summary>
    SMD,
    /// <summary>Raw mean difference.</summary>
    MD,
    /// <summary>Log ratio of means.</summary>
    ROM,
    /// <summary>Normalised mean difference (CAMARADES; Vesterinen et al. 2014), in percent.</summary>
    NMD,
    /// <summary>Log risk ratio.</summary>
    RR,
    /// <summary>Log odds ratio.</summary>
    OR,
    /// <summary>Risk difference (not logged, as in metafor).</summary>
    RD,
}
