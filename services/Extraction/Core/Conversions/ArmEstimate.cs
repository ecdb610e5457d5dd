namespace EvSysReview.Extraction.Core.Conversions;

/// <summary>An arm's numbers as the meta-analysis reads them: mean/SD/n (continuous) or events/n (dichotomous).</summary>
public sealed record ArmEstimate
{
    public double? Mean { get; init; }

    public double? Sd { get; init; }

    public required int N { get; init; }

    public int? Events { get; init; }

    /// <summary>Null for dichotomous data.</summary>
    public SdSource? SdSource { get; init; }

    /// <summary>What was done to get mean/SD from what the paper reports; null when nothing was.</summary>
    public string? ConversionMethod { get; init; }
}
