namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// The text of one citation that the classifier reads. HumanDecided: a reviewer has already decided
/// the open item (it awaits the others), so automation must never set it apart (RelevanceRanker).
/// </summary>
public sealed record RankingRecord(Guid ItemId, string? Title, string? Abstract, IReadOnlyList<string>? MeshTerms = null, bool HumanDecided = false);

/// <summary>A citation with its final title/abstract decision, listed in the order items became final.</summary>
public sealed record LabelledRecord(RankingRecord Record, bool Included);
