using EvSysReview.Screening.Core.Decisions;

namespace EvSysReview.Screening.Core.Conflicts;

/// <summary>A methodologist's or lead's resolution of a conflict; the note is required.</summary>
public sealed record Adjudication(
    string ResolverId,
    ScreeningRole ResolverRole,
    DecisionKind Kind,
    string? ExclusionReason,
    string Note,
    DateTimeOffset ResolvedAt);
