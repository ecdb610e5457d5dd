using System.Collections.Immutable;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Consensus;

/// <summary>
/// The consensus starts from what both assessors already agree on, so the pair only has to
/// discuss the differences; each seeded item carries <see cref="DualAssessment.AgreedReason"/>.
/// </summary>
internal static class ConsensusSeed
{
    public static (AnswerSheet Sheet, ImmutableDictionary<string, string> Reasons) FromAgreements(
        RiskOfBiasTool tool, AnswerSheet first, AnswerSheet second)
    {
        var sheet = AnswerSheet.Empty(tool);
        var reasons = ImmutableDictionary<string, string>.Empty;

        foreach (var (questionId, a) in first.Answers)
        {
            if (second.Answers.GetValueOrDefault(questionId) is not { } b || a.Answer != b.Answer)
                continue;
            sheet = sheet.WithAnswer(tool, questionId, a.Answer, JoinQuotes(a.SupportQuote, b.SupportQuote));
            reasons = reasons.SetItem(ConsensusItem.Question(questionId), DualAssessment.AgreedReason);
        }

        foreach (var (domainId, a) in first.StatedJudgements)
        {
            if (second.StatedJudgements.GetValueOrDefault(domainId) is not { } b || a.Judgement != b.Judgement)
                continue;
            sheet = sheet.WithStatedJudgement(tool, domainId, a.Judgement, JoinQuotes(a.Support, b.Support));
            reasons = reasons.SetItem(ConsensusItem.Domain(domainId), DualAssessment.AgreedReason);
        }

        foreach (var (domainId, a) in first.Overrides)
        {
            if (second.Overrides.GetValueOrDefault(domainId) is not { } b || a.Judgement != b.Judgement)
                continue;
            sheet = sheet.WithOverride(tool, domainId, a.Judgement, JoinQuotes(a.Reason, b.Reason)!);
            reasons = reasons.SetItem(ConsensusItem.Domain(domainId), DualAssessment.AgreedReason);
        }

        if (first.OverallOverride is { } overallA && second.OverallOverride is { } overallB && overallA.Judgement == overallB.Judgement)
        {
            sheet = sheet.WithOverallOverride(tool, overallA.Judgement, JoinQuotes(overallA.Reason, overallB.Reason)!);
            reasons = reasons.SetItem(ConsensusItem.Overall, DualAssessment.AgreedReason);
        }

        return (sheet, reasons);
    }

    private static string? JoinQuotes(string? a, string? b) =>
        a is null ? b : b is null || a == b ? a : $"{a} | {b}";
}
