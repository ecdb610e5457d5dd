namespace EvSysReview.Extraction.Core.Conversions;

/// <summary>Where an arm's SD comes from, as the CSV's <c>sd_source</c> column says it.</summary>
public enum SdSource
{
    /// <summary>Reported by the paper.</summary>
    Sd,

    /// <summary>From the standard error: SD = SE·√n.</summary>
    Se,

    /// <summary>From the confidence interval of the mean (Cochrane Handbook 6.5.2.2).</summary>
    Ci,

    /// <summary>Estimated from median with IQR and/or range (Wan 2014, Luo 2018).</summary>
    Converted,
}
