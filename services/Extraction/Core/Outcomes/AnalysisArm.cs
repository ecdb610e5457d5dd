using EvSysReview.Extraction.Core.Conversions;

namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>One side of an outcome comparison, ready for the meta-analysis.</summary>
public sealed record AnalysisArm
{
    public required string ArmId { get; init; }

    public required string Label { get; init; }

    public double? Mean { get; init; }

    public double? Sd { get; init; }

    /// <summary>The n the meta-analysis uses: the reported n divided by <see cref="SharedBy"/> (may be fractional).</summary>
    public required double N { get; init; }

    public required int ReportedN { get; init; }

    /// <summary>Dichotomous only: events divided like n.</summary>
    public double? Events { get; init; }

    public int? ReportedEvents { get; init; }

    public SdSource? SdSource { get; init; }

    public string? ConversionMethod { get; init; }

    /// <summary>How many comparisons of the same outcome and time point use this arm (1 when not shared).</summary>
    public int SharedBy { get; init; } = 1;
}
