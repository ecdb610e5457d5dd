using System.Text;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Consensus;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Export;

/// <summary>A study's dual assessment to export, under the label the review uses for it.</summary>
public sealed record CsvStudy(string StudyLabel, DualAssessment Assessment);

/// <summary>
/// One row per study and domain (plus an "overall" row where the tool has one): each assessor's
/// judgement and support, the consensus judgement with its reason and support. Support lists
/// the domain's answers with their quotes ("1.1 Y: computer-generated list; 1.2 PY: …").
/// </summary>
public static class RiskOfBiasCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "study_id", "study", "tool", "domain_id", "domain",
        "assessor_1", "judgement_1", "support_1",
        "assessor_2", "judgement_2", "support_2",
        "consensus_judgement", "consensus_reason", "consensus_support", "state",
    ];

    public static string Write(RiskOfBiasTool tool, IEnumerable<CsvStudy> studies, int? escalationAtLeast = null)
    {
        var csv = new StringBuilder(CsvField.Record(Header));
        foreach (var study in studies)
        {
            var assessment = study.Assessment;
            if (assessment.ToolId != tool.Id)
                throw new AssessmentRuleViolation("toolId", $"{study.StudyLabel} was assessed with '{assessment.ToolId}', not '{tool.Id}'.");

            // Each assessor's columns read their sheet under the rule it was submitted with once finalised: under
            // the earlier rule an override stood in for unanswered questions and was the assessor's judgement;
            // today's rule would hold it and show a blank. Their support says when it stood in: when the
            // assessment was finalised, or (finalised since, its consensus answering them) when they submitted.
            var first = assessment.Read(tool, assessment.First, escalationAtLeast);
            var second = assessment.Read(tool, assessment.Second, escalationAtLeast);
            var stoodInWhen = assessment.IsFinalisedUnderEarlierRule() ? "finalised" : "submitted";
            // So does the consensus' overall proposal; a finalised consensus reads as finalised.
            var consensus = assessment.Consensus is null ? null : SheetReading.Of(tool, assessment.Consensus, assessment.IsFinalisedUnderEarlierRule(), escalationAtLeast);
            var finalised = assessment.State == DualAssessmentState.Finalised ? assessment.Judgements(tool, escalationAtLeast) : null;

            foreach (var domain in tool.Domains)
            {
                var consensusDomain = consensus?.Result.Domain(domain.Id);
                csv.Append(CsvField.Record(
                [
                    assessment.StudyId, study.StudyLabel, tool.ShortName, domain.Id, domain.ShortName,
                    .. AssessorColumns(domain, assessment.First.AssessorId, first, stoodInWhen),
                    .. AssessorColumns(domain, assessment.Second.AssessorId, second, stoodInWhen),
                    finalised is not null ? finalised.Domains[domain.Id] : consensusDomain?.Final,
                    consensusDomain is null ? null : ConsensusReason(domain, assessment),
                    assessment.Consensus is null ? null : Support(domain, assessment.Consensus, StoodInNote("finalised", finalised?.OverridesStoodIn.GetValueOrDefault(domain.Id))),
                    assessment.State.ToString(),
                ]));
            }

            if (tool.HasOverall)
            {
                csv.Append(CsvField.Record(
                [
                    assessment.StudyId, study.StudyLabel, tool.ShortName, ConsensusItem.Overall, "Overall",
                    assessment.First.AssessorId, first.Overall, first.Result.OverallOverride?.Reason,
                    assessment.Second.AssessorId, second.Overall, second.Result.OverallOverride?.Reason,
                    finalised is not null ? finalised.Overall : consensus?.Overall,
                    assessment.ConsensusReasons.GetValueOrDefault(ConsensusItem.Overall) ?? consensus?.Result.OverallOverride?.Reason,
                    consensus?.OverallProposal.Rule,
                    assessment.State.ToString(),
                ]));
            }
        }
        return csv.ToString();
    }

    /// <summary>An assessor's id, judgement and support for the domain, under the rule their sheet is read with.</summary>
    private static string?[] AssessorColumns(ToolDomain domain, string assessorId, SheetReading sheet, string stoodInWhen)
    {
        var evaluated = sheet.Result.Domain(domain.Id);
        return [assessorId, sheet.Judgement(evaluated), Support(domain, sheet.Sheet, StoodInNote(stoodInWhen, sheet.StoodIn(evaluated)))];
    }

    /// <param name="when">"finalised" or "submitted": when the rule that let the override stand in applied.</param>
    /// <param name="stoodIn">the unanswered questions the domain's override stood in for.</param>
    private static string? StoodInNote(string when, IReadOnlyList<string>? stoodIn) =>
        stoodIn is { Count: > 0 } ? $"{when} under the earlier rule: the override stood in for unanswered {string.Join(", ", stoodIn)}" : null;

    // The reasons recorded for the domain's questions and for its judgement, skipping the seeded
    // "both agreed" ones unless nothing else was decided.
    private static string ConsensusReason(ToolDomain domain, DualAssessment assessment)
    {
        var reasons = domain.Questions
            .Select(q => (Label: q.Id, Reason: assessment.ConsensusReasons.GetValueOrDefault(ConsensusItem.Question(q.Id))))
            .Append((Label: "judgement", Reason: assessment.ConsensusReasons.GetValueOrDefault(ConsensusItem.Domain(domain.Id))))
            .Where(r => r.Reason is not null)
            .ToList();
        var decided = reasons.Where(r => r.Reason != DualAssessment.AgreedReason).Select(r => $"{r.Label}: {r.Reason}").ToList();
        return decided.Count > 0 ? string.Join("; ", decided) : reasons.Count > 0 ? DualAssessment.AgreedReason : "";
    }

    /// <param name="stoodInNote">what the domain's override stood in for, read under the earlier rule (<see cref="StoodInNote"/>).</param>
    private static string Support(ToolDomain domain, AnswerSheet sheet, string? stoodInNote = null)
    {
        var parts = domain.Questions
            .Where(q => sheet.Answers.ContainsKey(q.Id))
            .Select(q => sheet.Answers[q.Id] is var a && a.SupportQuote is null ? $"{q.Id} {a.Answer}" : $"{q.Id} {a.Answer}: {a.SupportQuote}")
            .ToList();
        if (sheet.StatedJudgements.GetValueOrDefault(domain.Id)?.Support is { } stated)
            parts.Add(stated);
        if (sheet.Overrides.GetValueOrDefault(domain.Id) is { } overridden)
            parts.Add($"override to {overridden.Judgement}: {overridden.Reason}");
        if (stoodInNote is not null)
            parts.Add(stoodInNote);
        return string.Join("; ", parts);
    }
}
