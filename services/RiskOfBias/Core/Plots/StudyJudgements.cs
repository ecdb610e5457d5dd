using EvSysReview.RiskOfBias.Core.Assessments;

namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>
/// One row of a plot: a study's domain judgements (domain id → judgement code, null = not judged)
/// and overall judgement. <see cref="Weight"/> is used by the weighted summary plot (e.g. the
/// study's weight in the meta-analysis).
/// </summary>
public sealed record StudyJudgements(string StudyLabel, IReadOnlyDictionary<string, string?> DomainJudgements, string? Overall, double Weight = 1)
{
    public static StudyJudgements From(string studyLabel, AssessmentResult result, double weight = 1) =>
        new(studyLabel, result.Domains.ToDictionary(d => d.DomainId, d => d.Final), result.OverallFinal, weight);
}
