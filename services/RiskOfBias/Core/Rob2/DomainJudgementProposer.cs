using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Rob2;

/// <summary>
/// Runs a domain's decision tables (RoB 2: Higgins et al. 2019 guidance flowcharts) or the tool's
/// answer mapping (SYRCLE: yes → low, no → high, unclear → unclear) over an assessor's answers.
/// </summary>
public static class DomainJudgementProposer
{
    /// <param name="answers">question id → answer code (e.g. "1.1" → "PY").</param>
    public static DomainProposal Propose(RiskOfBiasTool tool, ToolDomain domain, IReadOnlyDictionary<string, string> answers)
    {
        var unanswered = domain.Questions
            .Where(q => q.AppliesTo(answers) && (!answers.TryGetValue(q.Id, out var a) || a == "NA"))
            .Select(q => q.Id)
            .ToList();

        if (domain.HasAlgorithm)
            return ProposeFromTables(tool, domain, answers, unanswered);

        if (domain.Questions.Count == 1 && tool.AnswerJudgements.Count > 0)
        {
            var question = domain.Questions[0].Id;
            return answers.TryGetValue(question, out var answer) && tool.AnswerJudgements.TryGetValue(answer, out var judgement)
                ? new DomainProposal(domain.Id, judgement, [$"{question}: {answer} → {judgement}"], [])
                : new DomainProposal(domain.Id, null, [], [question]);
        }

        return new DomainProposal(domain.Id, null, [], unanswered);
    }

    private static DomainProposal ProposeFromTables(
        RiskOfBiasTool tool, ToolDomain domain, IReadOnlyDictionary<string, string> answers, List<string> unanswered)
    {
        // A row can match before every applicable question is answered (1.2 = N alone meets D1.R1);
        // the guidance asks them all, so the domain has no proposal until they are answered, and
        // Submit/Finalise then refuse the sheet naming them.
        if (unanswered.Count > 0)
            return new DomainProposal(domain.Id, null, [], unanswered);

        var rows = domain.Algorithm.Select(table => table.FindRow(answers)).ToList();
        if (rows.Any(r => r is null))
            return new DomainProposal(domain.Id, null, [], unanswered);

        // RoB 2 domain 2 has two parts; the guidance takes the less favourable of the two.
        var judgement = rows.Select(r => tool.Level(r!.Then)).MaxBy(l => l.Rank)!.Code;
        return new DomainProposal(domain.Id, judgement, rows.Select(r => r!.Id).ToList(), []);
    }
}
