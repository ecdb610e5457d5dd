namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>The kinds of row a forest-style plot is made of, top to bottom.</summary>
internal abstract record ForestRow;

/// <summary>A point estimate with its CI; Weight (percent) sizes the square when given.</summary>
internal sealed record EstimateRow(string Label, double Estimate, double Lower, double Upper, double? Weight) : ForestRow;

/// <summary>A pooled estimate drawn as a diamond, optionally with its prediction interval.</summary>
internal sealed record DiamondRow(string Label, double Estimate, double Lower, double Upper, bool Bold) : ForestRow;

/// <summary>A prediction interval drawn as a line with end caps.</summary>
internal sealed record PredictionRow(string Label, double Lower, double Upper) : ForestRow;

internal sealed record TextRow(string Text, bool Bold = false, bool Italic = false, double Size = 11) : ForestRow;

internal sealed record BlankRow : ForestRow;
