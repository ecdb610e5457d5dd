namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>How a condition over several questions combines them.</summary>
public enum QuestionQuantifier
{
    /// <summary>Every listed question's answer is in the set.</summary>
    All,

    /// <summary>At least one listed question's answer is in the set.</summary>
    Any,
}

/// <summary>
/// "Question(s) answered within this set" — the unit the RoB 2 guidance writes its flowcharts in
/// ("2.1 or 2.2 Y/PY/NI", "both 5.2 and 5.3 N/PN"). An unanswered question never satisfies it.
/// </summary>
public sealed record AnswerCondition(
    IReadOnlyList<string> Questions,
    QuestionQuantifier Quantifier,
    IReadOnlySet<string> Answers)
{
    public bool IsSatisfiedBy(IReadOnlyDictionary<string, string> answers)
    {
        bool Holds(string question) => answers.TryGetValue(question, out var answer) && Answers.Contains(answer);
        return Quantifier == QuestionQuantifier.All ? Questions.All(Holds) : Questions.Any(Holds);
    }

    public override string ToString()
    {
        var joiner = Quantifier == QuestionQuantifier.All ? " and " : " or ";
        return $"{string.Join(joiner, Questions)} {string.Join('/', Answers)}";
    }
}
