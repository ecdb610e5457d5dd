using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Sensitivity;

/// <summary>
/// One row of a leave-one-out or cumulative analysis: the study left out (or just added) and the
/// model fitted to the studies in play at that step.
/// </summary>
public sealed record SensitivityRow(string StudyLabel, MetaAnalysisResult Result);
