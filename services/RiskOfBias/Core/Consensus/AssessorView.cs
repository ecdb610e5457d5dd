using EvSysReview.RiskOfBias.Core.Assessments;

namespace EvSysReview.RiskOfBias.Core.Consensus;

/// <summary>
/// What one assessor may see. <see cref="OtherSheet"/> and <see cref="Differences"/> stay null
/// until both have submitted, so neither can be swayed by the other's answers.
/// </summary>
public sealed record AssessorView(
    string StudyId,
    string ToolId,
    DualAssessmentState State,
    AnswerSheet OwnSheet,
    bool OwnSubmitted,
    AnswerSheet? OtherSheet,
    IReadOnlyList<Difference>? Differences,
    AnswerSheet? Consensus);
