using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Consensus;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Assessments;

/// <summary>A sheet in the same shape PUT .../assessments/me accepts, so a client can GET, edit and PUT it back.</summary>
public sealed record SheetView(
    string Tool,
    IReadOnlyDictionary<string, AnswerInput> Answers,
    IReadOnlyDictionary<string, StatedJudgementInput> StatedJudgements,
    IReadOnlyDictionary<string, OverrideInput> Overrides,
    OverrideInput? Overall)
{
    public static SheetView From(AnswerSheet sheet) => new(
        sheet.ToolId,
        sheet.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => new AnswerInput(a.Value.Answer, a.Value.SupportQuote)),
        sheet.StatedJudgements.ToDictionary(s => s.Key, s => new StatedJudgementInput(s.Value.Judgement, s.Value.Support)),
        sheet.Overrides.ToDictionary(o => o.Key, o => new OverrideInput(o.Value.Judgement, o.Value.Reason)),
        sheet.OverallOverride is { } overall ? new OverrideInput(overall.Judgement, overall.Reason) : null);
}

/// <param name="OverrideHeld">the override waits for the unanswered questions; Final is null until then.</param>
/// <param name="OverrideStoodIn">
/// the override stood in for the unanswered questions and is Final: only in a consensus finalised under
/// the earlier rule (<see cref="EarlierRule"/>), which it is read under.
/// </param>
public sealed record DomainView(string DomainId, string Domain, string? Proposed, IReadOnlyList<string> Basis, IReadOnlyList<string> Unanswered, string? Stated, string? Override, bool OverrideHeld, string? Final, bool OverrideStoodIn = false)
{
    /// <summary>The domain under today's rule.</summary>
    public static DomainView Of(RiskOfBiasTool tool, DomainResult d) => new(
        d.DomainId, tool.Domain(d.DomainId).ShortName, d.Proposal.Judgement, d.Proposal.Basis, d.Proposal.UnansweredQuestions,
        d.Stated?.Judgement, d.Override?.Judgement, d.OverrideHeld, d.Final);
}

/// <summary>What the tool makes of a sheet: proposals with the decision-table rows behind them, and the judgements that count.</summary>
/// <param name="OverallOverrideHeld">the overall override waits for every domain's judgement; Overall is null until then.</param>
public sealed record EvaluationView(IReadOnlyList<DomainView> Domains, string? OverallProposed, string OverallRule, bool OverallEscalated, string? OverallOverride, bool OverallOverrideHeld, string? Overall, bool Complete)
{
    public static EvaluationView From(RiskOfBiasTool tool, AnswerSheet sheet) => From(tool, SheetReading.Of(tool, sheet, underEarlierRule: false));

    /// <summary>
    /// A sheet under the rule it is read with: today's, or for an assessor of an assessment finalised
    /// under the earlier rule that rule, where an override stood in (<see cref="DomainView.OverrideStoodIn"/>), not held.
    /// </summary>
    public static EvaluationView From(RiskOfBiasTool tool, SheetReading sheet) => new(
        sheet.Result.Domains.Select(d => DomainView.Of(tool, d) with
        {
            OverrideHeld = sheet.OverrideHeld(d),
            Final = sheet.Judgement(d),
            OverrideStoodIn = sheet.StoodIn(d).Count > 0,
        }).ToList(),
        sheet.OverallProposal.Judgement,
        sheet.OverallProposal.Rule,
        sheet.OverallProposal.IsEscalated,
        sheet.Result.OverallOverride?.Judgement,
        sheet.OverallOverrideHeld,
        sheet.Overall,
        sheet.IsComplete);

    /// <summary>
    /// A finalised consensus, read as it was finalised, as `final` is: each domain's and the overall's
    /// judgement as stored, nothing held, complete. Under today's rule a legacy override that stood in
    /// for unanswered questions would read as held, contradicting `final`.
    /// </summary>
    public static EvaluationView AsFinalised(RiskOfBiasTool tool, DualAssessment finalised)
    {
        var judgements = finalised.Judgements(tool);
        var read = From(tool, SheetReading.Of(tool, finalised.Consensus!, finalised.IsFinalisedUnderEarlierRule()));
        return read with
        {
            Domains = read.Domains.Select(d => d with
            {
                OverrideHeld = false,
                Final = judgements.Domains[d.DomainId],
                OverrideStoodIn = judgements.OverridesStoodIn.ContainsKey(d.DomainId),
            }).ToList(),
            OverallOverrideHeld = false,
            Overall = judgements.Overall,
            Complete = true,
        };
    }
}

public sealed record AssessorSheetView(string Assessor, bool Submitted, SheetView Sheet, EvaluationView Evaluation);

public sealed record AssessorStatus(string Username, bool Submitted);

public sealed record DifferenceView(string Kind, string DomainId, string ItemId, string? First, string? Second, bool Resolved);

public sealed record ConsensusView(SheetView Sheet, IReadOnlyDictionary<string, string> Reasons, EvaluationView Evaluation);

/// <summary>The judgements a finalised assessment was finalised with, as stored (never evaluated again).</summary>
/// <param name="OverridesStoodIn">domain id → the unanswered questions its override stood in for; only in an assessment finalised under the earlier rule.</param>
public sealed record FinalView(int Revision, IReadOnlyDictionary<string, string> Domains, string? Overall, bool HighRisk, IReadOnlyDictionary<string, IReadOnlyList<string>> OverridesStoodIn);

/// <summary>
/// GET .../studies/{studyId}: the task's state for anyone in the project, plus what the caller may
/// see of the sheets. While the assessment is open (blinded) that is the caller's own sheet only;
/// once both assessors have submitted, both sheets, the differences and the consensus.
/// </summary>
public sealed record StudyView(
    Guid StudyId,
    string Study,
    string StudyDesign,
    string? Tool,
    string? ToolProblem,
    string State,
    bool Blinded,
    IReadOnlyList<AssessorStatus> Assessors,
    bool NeedsAssessor,
    int Revision,
    IReadOnlyList<string> ReopenReasons,
    string? WithdrawnReason,
    AssessorSheetView? Own,
    IReadOnlyList<AssessorSheetView>? Sheets,
    IReadOnlyList<DifferenceView>? Differences,
    ConsensusView? Consensus,
    FinalView? Final)
{
    public static StudyView For(StudyAssessment task, string caller)
    {
        var tool = task.ToolId is null ? null : task.Tool;
        var own = tool is not null && task.ReadingOf(caller) is { } sheet
            ? new AssessorSheetView(caller, task.SubmittedBy(caller), SheetView.From(sheet.Sheet), EvaluationView.From(tool, sheet))
            : null;
        var revealed = tool is not null && !task.IsBlinded;
        return new StudyView(
            task.StudyId, task.StudyLabel, task.StudyDesign, task.ToolId, task.ToolProblem, task.State, task.IsBlinded,
            task.Assessors.Select(a => new AssessorStatus(a, task.SubmittedBy(a))).ToList(),
            task.NeedsAssessor, task.Revision, task.Dual?.ReopenReasons ?? [], task.WithdrawnReason,
            own,
            revealed ? SheetsOf(task, tool!) : null,
            revealed ? DifferencesOf(task, tool!) : null,
            revealed ? ConsensusOf(task, tool!) : null,
            FinalOf(task));
    }

    /// <summary>Both assessors' sheets, each evaluated under the rule it is read with (<see cref="DualAssessment.Read"/>), as the differences are.</summary>
    public static IReadOnlyList<AssessorSheetView> SheetsOf(StudyAssessment task, RiskOfBiasTool tool) =>
        [.. new[] { task.Dual!.First, task.Dual.Second }.Select(s => new AssessorSheetView(s.AssessorId, s.Submitted, SheetView.From(s.Sheet), EvaluationView.From(tool, task.Dual.Read(tool, s))))];

    /// <summary>
    /// Every item the two assessors differ on, in tool order; resolved once the consensus decides it.
    /// A finalised consensus has decided every judgement (it has one for each domain and the overall).
    /// </summary>
    public static IReadOnlyList<DifferenceView> DifferencesOf(StudyAssessment task, RiskOfBiasTool tool)
    {
        var dual = task.Dual!;
        var consensus = dual.Consensus is null ? null : AssessmentEvaluator.Evaluate(tool, dual.Consensus);
        var finalised = task.IsFinalised;
        return dual.Differences(tool).Select(d => new DifferenceView(
            d.Kind switch { DifferenceKind.Answer => "answer", DifferenceKind.DomainJudgement => "domainJudgement", _ => "overallJudgement" },
            d.DomainId, d.ItemId, d.First, d.Second,
            consensus is not null && d.Kind switch
            {
                DifferenceKind.Answer => dual.ConsensusReasons.ContainsKey(ConsensusItem.Question(d.ItemId)),
                DifferenceKind.DomainJudgement => finalised || consensus.Domain(d.DomainId).Final is not null,
                _ => finalised || consensus.OverallFinal is not null,
            })).ToList();
    }

    /// <summary>The consensus sheet and its evaluation: today's rule, or once finalised, as finalised (agreeing with `final`).</summary>
    public static ConsensusView? ConsensusOf(StudyAssessment task, RiskOfBiasTool tool) =>
        task.Dual?.Consensus is { } sheet
            ? new ConsensusView(SheetView.From(sheet), task.Dual.ConsensusReasons, task.IsFinalised ? EvaluationView.AsFinalised(tool, task.Dual) : EvaluationView.From(tool, sheet))
            : null;

    private static FinalView? FinalOf(StudyAssessment task)
    {
        if (!task.IsFinalised) return null;
        var judgements = task.Judgements();
        return new FinalView(task.Revision, judgements.Domains, judgements.Overall, judgements.HighRisk, judgements.OverridesStoodIn);
    }
}

/// <summary>One row of GET .../tasks.</summary>
public sealed record TaskView(
    Guid StudyId, string Study, string StudyDesign, string? Tool, string? ToolProblem, string State,
    IReadOnlyList<AssessorStatus> Assessors, bool NeedsAssessor, bool AssignedToYou, int Revision)
{
    public static TaskView From(StudyAssessment task, string caller) => new(
        task.StudyId, task.StudyLabel, task.StudyDesign, task.ToolId, task.ToolProblem, task.State,
        task.Assessors.Select(a => new AssessorStatus(a, task.SubmittedBy(a))).ToList(),
        task.NeedsAssessor, task.IsAssessor(caller), task.Revision);
}
