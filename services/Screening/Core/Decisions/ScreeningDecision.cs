namespace EvSysReview.Screening.Core.Decisions;

/// <summary>One reviewer's current decision on one item (a changed decision replaces it).</summary>
public sealed record ScreeningDecision(
    string ReviewerId,
    DecisionKind Kind,
    string? ExclusionReason,
    string? Note,
    DateTimeOffset DecidedAt);
