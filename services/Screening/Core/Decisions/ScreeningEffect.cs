using EvSysReview.Screening.Core.Conflicts;

namespace EvSysReview.Screening.Core.Decisions;

/// <summary>
/// What a command on a screening item caused. The service maps these one to one onto its
/// integration events (DecisionRecorded, ConflictRaised, ...) and writes them with the item.
/// </summary>
public abstract record ScreeningEffect(Guid ItemId, string CitationId, ScreeningStage Stage);

/// <summary>Replaced is true when the reviewer changed an earlier decision of their own.</summary>
public sealed record DecisionRecordedEffect(Guid ItemId, string CitationId, ScreeningStage Stage, ScreeningDecision Decision, bool Replaced)
    : ScreeningEffect(ItemId, CitationId, Stage);

/// <summary>A reviewer withdrew their decision; ConflictClosed when the item was in conflict and now awaits decisions again.</summary>
public sealed record DecisionWithdrawnEffect(Guid ItemId, string CitationId, ScreeningStage Stage, ScreeningDecision Withdrawn, bool ConflictClosed)
    : ScreeningEffect(ItemId, CitationId, Stage);

public sealed record ConflictRaisedEffect(Guid ItemId, string CitationId, ScreeningStage Stage, ConflictReason Reason)
    : ScreeningEffect(ItemId, CitationId, Stage);

/// <summary>Adjudication is null when no one adjudicated: the reviewers changed decisions until they agreed, or a retraction closed the item.</summary>
public sealed record ConflictResolvedEffect(Guid ItemId, string CitationId, ScreeningStage Stage, Adjudication? Adjudication)
    : ScreeningEffect(ItemId, CitationId, Stage);

/// <summary>Final include at title/abstract with a full-text stage: the service opens the full-text item.</summary>
public sealed record RecordAdvancedEffect(Guid ItemId, string CitationId)
    : ScreeningEffect(ItemId, CitationId, ScreeningStage.TitleAbstract);

public sealed record StudyIncludedEffect(Guid ItemId, string CitationId, ScreeningStage Stage)
    : ScreeningEffect(ItemId, CitationId, Stage);

public sealed record StudyExcludedEffect(Guid ItemId, string CitationId, ScreeningStage Stage, string? ExclusionReason, FinalBasis Basis)
    : ScreeningEffect(ItemId, CitationId, Stage);

public sealed record CitationFlaggedRetractedEffect(Guid ItemId, string CitationId, ScreeningStage Stage)
    : ScreeningEffect(ItemId, CitationId, Stage);

/// <summary>A lead kept a retracted citation; the item's status is recomputed from its decisions.</summary>
public sealed record RetractionOverriddenEffect(Guid ItemId, string CitationId, ScreeningStage Stage, RetractionOverride Override)
    : ScreeningEffect(ItemId, CitationId, Stage);
