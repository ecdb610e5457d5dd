namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>
/// One step of a tool's judgement scale. <see cref="Rank"/> orders severity for the overall
/// "worst domain" rule; the scale's list order is the display order (legend, summary bars).
/// </summary>
public sealed record JudgementLevel(string Code, string Label, string Symbol, string Colour, int Rank);
