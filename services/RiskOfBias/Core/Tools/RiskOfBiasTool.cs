namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>A risk-of-bias tool as loaded from its JSON definition.</summary>
public sealed record RiskOfBiasTool(
    string Id,
    string ShortName,
    string Name,
    string Version,
    IReadOnlyList<string> Sources,
    IReadOnlyList<JudgementLevel> Scale,
    OverallRule Overall,
    IReadOnlyDictionary<string, string> AnswerJudgements,
    IReadOnlyList<ToolDomain> Domains)
{
    public bool HasOverall => Overall.Kind != OverallRuleKind.None;

    public ToolDomain Domain(string domainId) =>
        Domains.FirstOrDefault(d => d.Id == domainId)
        ?? throw new AssessmentRuleViolation("domainId", $"Tool '{Id}' has no domain '{domainId}'.");

    public JudgementLevel Level(string code) =>
        Scale.FirstOrDefault(l => l.Code == code)
        ?? throw new AssessmentRuleViolation("judgement", $"'{code}' is not a judgement of tool '{Id}' (expected one of {string.Join(", ", Scale.Select(l => l.Code))}).");

    public bool IsJudgement(string code) => Scale.Any(l => l.Code == code);
}
