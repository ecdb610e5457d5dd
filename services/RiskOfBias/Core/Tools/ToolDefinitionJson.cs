namespace EvSysReview.RiskOfBias.Core.Tools;

// The JSON shape of a tool definition file. Kept apart from the model so the files can stay
// terse ("Y/PY/NI" strings, "question"/"anyOf"/"allOf") while the model stays explicit.
internal sealed record ToolDefinitionJson(
    string? Id,
    string? ShortName,
    string? Name,
    string? Version,
    List<string>? Sources,
    List<JudgementLevelJson>? Scale,
    OverallRuleJson? Overall,
    Dictionary<string, string>? AnswerJudgements,
    List<DomainJson>? Domains);

internal sealed record JudgementLevelJson(string? Code, string? Label, string? Symbol, string? Colour, int Rank);

internal sealed record OverallRuleJson(string? Rule, EscalationJson? Escalation);

internal sealed record EscalationJson(string? From, string? To, int? AtLeast);

internal sealed record DomainJson(
    string? Id,
    string? ShortName,
    string? Name,
    List<QuestionJson>? Questions,
    List<DecisionTableJson>? Algorithm);

internal sealed record QuestionJson(string? Id, string? Text, string? Options, List<ConditionJson>? AppliesWhen);

internal sealed record DecisionTableJson(string? Part, List<DecisionRowJson>? Rows);

internal sealed record DecisionRowJson(string? Id, List<ConditionJson>? When, string? Then);

internal sealed record ConditionJson(string? Question, List<string>? AnyOf, List<string>? AllOf, string? In);
