using System.Text.Json;

namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>
/// Reads a tool definition (JSON) into a <see cref="RiskOfBiasTool"/> and refuses definitions that
/// could not work: a row naming an unknown question, answer or judgement fails at load time,
/// not in the middle of someone's assessment.
/// </summary>
public static class ToolDefinitionReader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static RiskOfBiasTool Read(Stream json)
    {
        var definition = JsonSerializer.Deserialize<ToolDefinitionJson>(json, JsonOptions)
            ?? throw new InvalidToolDefinitionException("(unknown)", "the file is empty");
        return Build(definition);
    }

    public static RiskOfBiasTool Read(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Read(stream);
    }

    private static RiskOfBiasTool Build(ToolDefinitionJson json)
    {
        var id = Required(json.Id, "(unknown)", "id");
        var scale = (json.Scale ?? []).Select(l => new JudgementLevel(
            Required(l.Code, id, "scale[].code"),
            Required(l.Label, id, "scale[].label"),
            Required(l.Symbol, id, "scale[].symbol"),
            Required(l.Colour, id, "scale[].colour"),
            l.Rank)).ToList();
        if (scale.Count == 0)
            throw new InvalidToolDefinitionException(id, "the judgement scale is empty");
        var codes = scale.Select(l => l.Code).ToHashSet();

        void RequireJudgement(string? code, string where)
        {
            if (code is null || !codes.Contains(code))
                throw new InvalidToolDefinitionException(id, $"{where}: '{code}' is not on the judgement scale");
        }

        var domains = (json.Domains ?? []).Select(d => BuildDomain(id, d, RequireJudgement)).ToList();
        if (domains.Count == 0)
            throw new InvalidToolDefinitionException(id, "the tool has no domains");

        var answerJudgements = json.AnswerJudgements ?? [];
        foreach (var (answer, judgement) in answerJudgements)
            RequireJudgement(judgement, $"answerJudgements['{answer}']");

        var name = Required(json.Name, id, "name");
        return new RiskOfBiasTool(
            id,
            json.ShortName ?? name,
            name,
            Required(json.Version, id, "version"),
            json.Sources ?? [],
            scale,
            BuildOverall(id, json.Overall, RequireJudgement),
            answerJudgements,
            domains);
    }

    private static OverallRule BuildOverall(string toolId, OverallRuleJson? json, Action<string?, string> requireJudgement)
    {
        var kind = json?.Rule switch
        {
            null or "none" => OverallRuleKind.None,
            "worst" => OverallRuleKind.Worst,
            var other => throw new InvalidToolDefinitionException(toolId, $"overall.rule '{other}' is not 'none' or 'worst'"),
        };
        if (json?.Escalation is not { } e)
            return new OverallRule(kind, null);
        requireJudgement(e.From, "overall.escalation.from");
        requireJudgement(e.To, "overall.escalation.to");
        return new OverallRule(kind, new OverallEscalation(e.From!, e.To!, e.AtLeast));
    }

    private static ToolDomain BuildDomain(string toolId, DomainJson json, Action<string?, string> requireJudgement)
    {
        var domainId = Required(json.Id, toolId, "domains[].id");
        var questions = (json.Questions ?? []).Select(q => new SignallingQuestion(
            Required(q.Id, toolId, $"{domainId}.questions[].id"),
            Required(q.Text, toolId, $"{domainId}.questions[].text"),
            AnswerSet(Required(q.Options, toolId, $"{domainId}.{q.Id}.options")),
            (q.AppliesWhen ?? []).Select(c => BuildCondition(toolId, $"{domainId}.{q.Id}.appliesWhen", c)).ToList()))
            .ToList();

        var algorithm = (json.Algorithm ?? []).Select(t => new DecisionTable(
            t.Part ?? domainId,
            (t.Rows ?? []).Select(r =>
            {
                var rowId = Required(r.Id, toolId, $"{domainId}.algorithm rows[].id");
                requireJudgement(r.Then, $"row {rowId}");
                return new DecisionRow(rowId, (r.When ?? []).Select(c => BuildCondition(toolId, $"row {rowId}", c)).ToList(), r.Then!);
            }).ToList())).ToList();

        var domain = new ToolDomain(domainId, json.ShortName ?? domainId, json.Name ?? domainId, questions, algorithm);
        CheckConditionsNameKnownAnswers(toolId, domain);
        return domain;
    }

    private static void CheckConditionsNameKnownAnswers(string toolId, ToolDomain domain)
    {
        var options = domain.Questions.ToDictionary(q => q.Id, q => q.Options);
        var conditions = domain.Questions.SelectMany(q => q.AppliesWhen)
            .Concat(domain.Algorithm.SelectMany(t => t.Rows).SelectMany(r => r.When));
        foreach (var condition in conditions)
        {
            foreach (var question in condition.Questions)
            {
                if (!options.TryGetValue(question, out var allowed))
                    throw new InvalidToolDefinitionException(toolId, $"{domain.Id}: condition '{condition}' names unknown question '{question}'");
                var unknown = condition.Answers.Where(a => !allowed.Contains(a)).ToList();
                if (unknown.Count > 0)
                    throw new InvalidToolDefinitionException(toolId, $"{domain.Id}: condition '{condition}' uses answers {string.Join(", ", unknown)} that question {question} does not offer");
            }
        }
    }

    private static AnswerCondition BuildCondition(string toolId, string where, ConditionJson json)
    {
        var answers = AnswerSet(Required(json.In, toolId, $"{where}: in")).ToHashSet();
        var named = new[] { json.Question is null ? 0 : 1, json.AnyOf is null ? 0 : 1, json.AllOf is null ? 0 : 1 }.Sum();
        if (named != 1)
            throw new InvalidToolDefinitionException(toolId, $"{where}: a condition names exactly one of question, anyOf, allOf");
        return json switch
        {
            { Question: { } q } => new AnswerCondition([q], QuestionQuantifier.All, answers),
            { AllOf: { } all } => new AnswerCondition(all, QuestionQuantifier.All, answers),
            _ => new AnswerCondition(json.AnyOf!, QuestionQuantifier.Any, answers),
        };
    }

    // "Y/PY/NI" is how the guidance writes answer sets; the files keep that notation.
    private static List<string> AnswerSet(string slashSeparated) =>
        slashSeparated.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string Required(string? value, string toolId, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidToolDefinitionException(toolId, $"'{field}' is missing") : value;
}
