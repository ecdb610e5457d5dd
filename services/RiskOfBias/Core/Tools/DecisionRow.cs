namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>One path through a published decision flowchart: all conditions hold → judgement.</summary>
public sealed record DecisionRow(string Id, IReadOnlyList<AnswerCondition> When, string Then)
{
    public bool Matches(IReadOnlyDictionary<string, string> answers) => When.All(c => c.IsSatisfiedBy(answers));
}
