namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>Titles and labels of forest-style plots; Scale says how effect sizes are displayed.</summary>
public sealed record ForestPlotOptions
{
    public string Title { get; init; } = "";

    public EffectScale Scale { get; init; } = EffectScale.Identity;

    /// <summary>Text under the left end of the axis, e.g. "Favours treatment".</summary>
    public string? FavoursLeft { get; init; }

    public string? FavoursRight { get; init; }
}
