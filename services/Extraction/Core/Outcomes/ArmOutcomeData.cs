namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>
/// What the paper reports for one arm on one outcome at one time point. Only the numbers
/// belonging to <see cref="Reported"/> are expected; the synthesis gets mean/SD/n after
/// <see cref="Conversions.ArmSummaryConversion"/>.
/// </summary>
public sealed record ArmOutcomeData
{
    public required string ArmId { get; init; }

    public ReportedSummary? Reported { get; init; }

    /// <summary>Animals/patients analysed (the total for dichotomous outcomes).</summary>
    public int? N { get; init; }

    public double? Mean { get; init; }

    public double? Sd { get; init; }

    public double? Se { get; init; }

    public double? CiLower { get; init; }

    public double? CiUpper { get; init; }

    /// <summary>Confidence level of the interval, 0.95 when not given.</summary>
    public double? CiLevel { get; init; }

    public double? Median { get; init; }

    public double? Q1 { get; init; }

    public double? Q3 { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public int? Events { get; init; }
}
