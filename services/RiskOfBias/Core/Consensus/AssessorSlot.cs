using EvSysReview.RiskOfBias.Core.Assessments;

namespace EvSysReview.RiskOfBias.Core.Consensus;

/// <summary>One of the two independent assessors and their sheet.</summary>
public sealed record AssessorSlot(string AssessorId, AnswerSheet Sheet, bool Submitted);
