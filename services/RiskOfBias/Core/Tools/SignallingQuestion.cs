namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>
/// A signalling question (or, for SYRCLE, the item itself). <see cref="AppliesWhen"/> is the
/// guidance's "If Y/PY/NI to 2.1 or 2.2:" prefix; an empty list means it always applies.
/// </summary>
public sealed record SignallingQuestion(
    string Id,
    string Text,
    IReadOnlyList<string> Options,
    IReadOnlyList<AnswerCondition> AppliesWhen)
{
    public bool AppliesTo(IReadOnlyDictionary<string, string> answers) => AppliesWhen.All(c => c.IsSatisfiedBy(answers));
}
