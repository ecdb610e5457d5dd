namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>An answer to a signalling question or SYRCLE item, with the text that supports it.</summary>
public sealed record ItemAnswer(string Answer, string? SupportQuote);
