using EvSysReview.RiskOfBias.Core.Tools;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.RiskOfBias.Tools;

/// <summary>
/// A tool's definition as a form needs it: domains, signalling-question texts, answer options,
/// when a question applies, and the judgement scale with its colours. Under the project (every
/// member) so the web UI reads it with the same token and access rule as the assessment itself.
/// </summary>
public static class ToolEndpoints
{
    public static RouteGroupBuilder MapTools(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/tools/{tool}", Get).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static IResult Get(string tool) =>
        ToolCatalogue.BuiltIn.TryGet(tool.ToLowerInvariant(), out var found) && found is not null
            ? TypedResults.Ok(ToolView.Of(found))
            : Problems.NotFound("tool", $"No risk-of-bias tool '{tool}'; the tools are {string.Join(", ", ToolCatalogue.BuiltIn.All.Select(t => t.Id).Order())}.");
}

public sealed record ToolView(
    string Id, string ShortName, string Name, string Version, IReadOnlyList<string> Sources,
    IReadOnlyList<ScaleLevelView> Scale, string OverallRule, IReadOnlyDictionary<string, string> AnswerJudgements, IReadOnlyList<ToolDomainView> Domains)
{
    public static ToolView Of(RiskOfBiasTool tool) => new(
        tool.Id, tool.ShortName, tool.Name, tool.Version, tool.Sources,
        tool.Scale.Select(l => new ScaleLevelView(l.Code, l.Label, l.Symbol, l.Colour)).ToList(),
        tool.Overall.Kind.ToString().ToLowerInvariant(),
        tool.AnswerJudgements,
        tool.Domains.Select(ToolDomainView.Of).ToList());
}

public sealed record ScaleLevelView(string Code, string Label, string Symbol, string Colour);

/// <summary>
/// StatedJudgement: the domain has no questions, so the assessor states its judgement (ROBINS-I here);
/// Algorithm: a decision table proposes the judgement from the answers (RoB 2).
/// </summary>
public sealed record ToolDomainView(string Id, string ShortName, string Name, bool Algorithm, bool StatedJudgement, IReadOnlyList<QuestionView> Questions)
{
    public static ToolDomainView Of(ToolDomain d) => new(
        d.Id, d.ShortName, d.Name, d.HasAlgorithm, d.Questions.Count == 0,
        d.Questions.Select(q => new QuestionView(q.Id, q.Text, q.Options, q.AppliesWhen.Count == 0 ? null : string.Join("; ", q.AppliesWhen.Select(c => c.ToString())))).ToList());
}

/// <summary>AppliesWhen: the guidance's condition in its own notation ("2.1 or 2.2 Y/PY/NI"), null when the question always applies.</summary>
public sealed record QuestionView(string Id, string Text, IReadOnlyList<string> Options, string? AppliesWhen);
