using EvSysReview.RiskOfBias.Core.Consensus;

namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>
/// One row of a plot: a study's domain judgements (domain id → judgement code, null = not judged)
/// and overall judgement. <see cref="Weight"/> is used by the weighted summary plot (e.g. the
/// study's weight in the meta-analysis).
/// </summary>
public sealed record StudyJudgements(string StudyLabel, IReadOnlyDictionary<string, string?> DomainJudgements, string? Overall, double Weight = 1)
{
    /// <summary>A finalised assessment's row: the judgements it was finalised with (only finalised assessments are plotted).</summary>
    public static StudyJudgements From(string studyLabel, FinalJudgements finalised, double weight = 1) =>
        new(studyLabel, finalised.Domains.ToDictionary(d => d.Key, d => (string?)d.Value), finalised.Overall, weight);
}
