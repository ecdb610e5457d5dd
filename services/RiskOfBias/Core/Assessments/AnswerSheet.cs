using System.Collections.Immutable;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>
/// Everything one assessor (or the consensus) has entered for one study and tool. Immutable: each
/// change returns a new sheet, validated against the tool, so the service can store it as is.
/// </summary>
public sealed record AnswerSheet(
    string ToolId,
    ImmutableDictionary<string, ItemAnswer> Answers,
    ImmutableDictionary<string, StatedJudgement> StatedJudgements,
    ImmutableDictionary<string, JudgementOverride> Overrides,
    JudgementOverride? OverallOverride)
{
    public static AnswerSheet Empty(RiskOfBiasTool tool) =>
        new(tool.Id, ImmutableDictionary<string, ItemAnswer>.Empty, ImmutableDictionary<string, StatedJudgement>.Empty,
            ImmutableDictionary<string, JudgementOverride>.Empty, null);

    /// <summary>Answer codes only, the form the decision tables read.</summary>
    public IReadOnlyDictionary<string, string> AnswerCodes => Answers.ToImmutableDictionary(a => a.Key, a => a.Value.Answer);

    public AnswerSheet WithAnswer(RiskOfBiasTool tool, string questionId, string answer, string? supportQuote = null)
    {
        var question = FindQuestion(RequireTool(tool), questionId);
        if (!question.Options.Contains(answer))
            throw new AssessmentRuleViolation("answer", $"'{answer}' is not an answer to {questionId} (expected one of {string.Join("/", question.Options)}).");
        return this with { Answers = Answers.SetItem(questionId, new ItemAnswer(answer, Blank(supportQuote))) };
    }

    public AnswerSheet WithoutAnswer(string questionId) => this with { Answers = Answers.Remove(questionId) };

    /// <summary>States a judgement for a domain that has no algorithm (ROBINS-I).</summary>
    public AnswerSheet WithStatedJudgement(RiskOfBiasTool tool, string domainId, string judgement, string? support = null)
    {
        var domain = RequireTool(tool).Domain(domainId);
        if (domain.HasAlgorithm || domain.Questions.Count > 0)
            throw new AssessmentRuleViolation("domainId", $"{domainId} is judged from its questions; to change the proposal, override it with a reason.");
        tool.Level(judgement);
        return this with { StatedJudgements = StatedJudgements.SetItem(domainId, new StatedJudgement(judgement, Blank(support))) };
    }

    public AnswerSheet WithOverride(RiskOfBiasTool tool, string domainId, string judgement, string reason)
    {
        RequireTool(tool).Domain(domainId);
        tool.Level(judgement);
        return this with { Overrides = Overrides.SetItem(domainId, new JudgementOverride(judgement, reason)) };
    }

    public AnswerSheet WithoutOverride(string domainId) => this with { Overrides = Overrides.Remove(domainId) };

    public AnswerSheet WithOverallOverride(RiskOfBiasTool tool, string judgement, string reason)
    {
        if (!RequireTool(tool).HasOverall)
            throw new AssessmentRuleViolation("overall", $"Tool '{tool.Id}' has no overall judgement.");
        tool.Level(judgement);
        return this with { OverallOverride = new JudgementOverride(judgement, reason) };
    }

    public AnswerSheet WithoutOverallOverride() => this with { OverallOverride = null };

    private RiskOfBiasTool RequireTool(RiskOfBiasTool tool) =>
        tool.Id == ToolId ? tool : throw new AssessmentRuleViolation("toolId", $"This sheet belongs to tool '{ToolId}', not '{tool.Id}'.");

    private static SignallingQuestion FindQuestion(RiskOfBiasTool tool, string questionId) =>
        tool.Domains.SelectMany(d => d.Questions).FirstOrDefault(q => q.Id == questionId)
        ?? throw new AssessmentRuleViolation("questionId", $"Tool '{tool.Id}' has no question '{questionId}'.");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
