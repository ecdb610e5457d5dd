namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>One outcome × time point × comparison of a finalised extraction: what one effect size is computed from.</summary>
public sealed record OutcomeComparison
{
    /// <summary>outcome@time/comparison: stable across re-finalisations, so the synthesis can diff versions.</summary>
    public required string Key { get; init; }

    public required string Outcome { get; init; }

    public required string OutcomeLabel { get; init; }

    /// <summary>The form's domain of the outcome (cognitive, motor…); null for outcomes the form does not list.</summary>
    public string? Domain { get; init; }

    public required OutcomeDataType DataType { get; init; }

    public required OutcomeDirection Direction { get; init; }

    public required string Unit { get; init; }

    public required Quantity TimePoint { get; init; }

    public required string ComparisonId { get; init; }

    public required string ComparisonLabel { get; init; }

    public required AnalysisArm Treatment { get; init; }

    public required AnalysisArm Control { get; init; }

    public required DataSource Source { get; init; }

    public string? SourceLocation { get; init; }

    /// <summary>The control arm serves other comparisons of this outcome and time point; its n has been split.</summary>
    public bool SharedControl => Control.SharedBy > 1;

    /// <summary>Values were digitised from a figure.</summary>
    public bool FromFigure => Source == DataSource.Figure;

    /// <summary>Mean or SD of either arm was derived rather than reported as mean and SD.</summary>
    public bool Converted => Treatment.ConversionMethod is not null || Control.ConversionMethod is not null;
}
