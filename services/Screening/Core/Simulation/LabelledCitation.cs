namespace EvSysReview.Screening.Core.Simulation;

/// <summary>A record of a labelled benchmark dataset (the ASReview / SYNERGY CSV layout).</summary>
public sealed record LabelledCitation(string Id, string? Title, string? Abstract, bool Included);
