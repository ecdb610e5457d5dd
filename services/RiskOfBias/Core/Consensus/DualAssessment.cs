using System.Collections.Immutable;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Consensus;

/// <summary>
/// One study assessed with one tool by two assessors independently, then reconciled. Immutable:
/// every command returns the next state or throws <see cref="AssessmentRuleViolation"/>; the
/// service stores the record (it round-trips through System.Text.Json) and versions it.
/// </summary>
/// <param name="ConsensusReasons">why each consensus item (see <see cref="ConsensusItem"/>) holds its value.</param>
/// <param name="ReopenReasons">why the finalised assessment was reopened, oldest first.</param>
/// <param name="FinalisedWith">
/// the judgements the consensus was finalised with, while it is finalised; null before and after
/// (reopened), and in an assessment finalised before they were stored (see <see cref="Judgements"/>).
/// </param>
public sealed record DualAssessment(
    string StudyId,
    string ToolId,
    AssessorSlot First,
    AssessorSlot Second,
    DualAssessmentState State,
    AnswerSheet? Consensus,
    ImmutableDictionary<string, string> ConsensusReasons,
    ImmutableList<string> ReopenReasons,
    FinalJudgements? FinalisedWith = null)
{
    public const string AgreedReason = "Both assessors agreed.";

    public static DualAssessment Start(RiskOfBiasTool tool, string studyId, string firstAssessorId, string secondAssessorId)
    {
        if (string.IsNullOrWhiteSpace(studyId))
            throw new AssessmentRuleViolation("studyId", "A study id is required.");
        if (string.IsNullOrWhiteSpace(firstAssessorId) || string.IsNullOrWhiteSpace(secondAssessorId))
            throw new AssessmentRuleViolation("assessorId", "Two assessors are required.");
        if (firstAssessorId == secondAssessorId)
            throw new AssessmentRuleViolation("assessorId", "The two assessors must be different people.");
        var empty = AnswerSheet.Empty(tool);
        return new DualAssessment(studyId, tool.Id,
            new AssessorSlot(firstAssessorId, empty, false), new AssessorSlot(secondAssessorId, empty, false),
            DualAssessmentState.Open, null, ImmutableDictionary<string, string>.Empty, []);
    }

    /// <summary>An assessor edits their own sheet, e.g. <c>s =&gt; s.WithAnswer(tool, "1.1", "PY", quote)</c>.</summary>
    public DualAssessment UpdateSheet(string assessorId, Func<AnswerSheet, AnswerSheet> change)
    {
        var slot = Slot(assessorId);
        if (State != DualAssessmentState.Open || slot.Submitted)
            throw new AssessmentRuleViolation("state", $"{assessorId} has submitted; the sheet can no longer change.");
        return WithSlot(slot with { Sheet = change(slot.Sheet) });
    }

    /// <summary>Submits a complete sheet; the second submission ends the blinded phase.</summary>
    public DualAssessment Submit(RiskOfBiasTool tool, string assessorId, int? escalationAtLeast = null)
    {
        RequireTool(tool);
        var slot = Slot(assessorId);
        if (State != DualAssessmentState.Open || slot.Submitted)
            throw new AssessmentRuleViolation("state", $"{assessorId} has already submitted.");
        AssessmentEvaluator.Evaluate(tool, slot.Sheet, escalationAtLeast).RequireComplete("sheet");

        var next = WithSlot(slot with { Submitted = true });
        return next.First.Submitted && next.Second.Submitted ? next with { State = DualAssessmentState.BothSubmitted } : next;
    }

    public IReadOnlyList<Difference> Differences(RiskOfBiasTool tool, int? escalationAtLeast = null)
    {
        RequireTool(tool);
        if (State == DualAssessmentState.Open)
            throw new AssessmentRuleViolation("state", "Differences are shown once both assessors have submitted.");
        return AssessmentComparison.Compare(tool, Read(tool, First, escalationAtLeast), Read(tool, Second, escalationAtLeast));
    }

    /// <summary>
    /// An assessor's sheet under the rule it was submitted with, once the assessment is finalised:
    /// <see cref="EarlierRule"/>. A sheet Submit accepts today is complete and reads the same under
    /// both rules; one with an override standing in for unanswered questions was submitted before
    /// ad4471b, whether the consensus was finalised then (<see cref="IsFinalisedUnderEarlierRule"/>)
    /// or later, and today's rule would blank the judgement the assessor gave. Not finalised (or
    /// reopened), today's rule shows what the consensus still has to answer.
    /// </summary>
    public SheetReading Read(RiskOfBiasTool tool, AssessorSlot assessor, int? escalationAtLeast = null) =>
        SheetReading.Of(tool, assessor.Sheet, State == DualAssessmentState.Finalised, escalationAtLeast);

    /// <summary>Records the agreed answer to a question, with why.</summary>
    public DualAssessment RecordConsensusAnswer(RiskOfBiasTool tool, string questionId, string answer, string reason, string? supportQuote = null) =>
        RecordConsensus(tool, ConsensusItem.Question(questionId), reason, sheet => sheet.WithAnswer(tool, questionId, answer, supportQuote));

    /// <summary>
    /// Records the agreed judgement of a domain: stated directly where the domain has no algorithm,
    /// otherwise kept as an override of the proposal (or the override dropped when it equals the proposal).
    /// </summary>
    public DualAssessment RecordConsensusJudgement(RiskOfBiasTool tool, string domainId, string judgement, string reason, int? escalationAtLeast = null) =>
        RecordConsensus(tool, ConsensusItem.Domain(domainId), reason, sheet =>
        {
            var domain = tool.Domain(domainId);
            if (!domain.HasAlgorithm && domain.Questions.Count == 0)
                return sheet.WithStatedJudgement(tool, domainId, judgement, reason);
            var proposed = AssessmentEvaluator.Evaluate(tool, sheet.WithoutOverride(domainId), escalationAtLeast).Domain(domainId).Proposal.Judgement;
            return proposed == judgement ? sheet.WithoutOverride(domainId) : sheet.WithOverride(tool, domainId, judgement, reason);
        });

    public DualAssessment RecordConsensusOverall(RiskOfBiasTool tool, string judgement, string reason, int? escalationAtLeast = null) =>
        RecordConsensus(tool, ConsensusItem.Overall, reason, sheet =>
        {
            var proposed = AssessmentEvaluator.Evaluate(tool, sheet.WithoutOverallOverride(), escalationAtLeast).OverallProposal.Judgement;
            return proposed == judgement ? sheet.WithoutOverallOverride() : sheet.WithOverallOverride(tool, judgement, reason);
        });

    public DualAssessment Finalise(RiskOfBiasTool tool, int? escalationAtLeast = null)
    {
        RequireTool(tool);
        if (State != DualAssessmentState.Consensus || Consensus is null)
            throw new AssessmentRuleViolation("state", $"Only an assessment in consensus can be finalised (it is {State}).");
        var result = AssessmentEvaluator.Evaluate(tool, Consensus, escalationAtLeast);
        result.RequireComplete("consensus");
        return this with { State = DualAssessmentState.Finalised, FinalisedWith = FinalJudgements.Of(tool, result) };
    }

    public DualAssessment Reopen(string reason)
    {
        if (State != DualAssessmentState.Finalised)
            throw new AssessmentRuleViolation("state", $"Only a finalised assessment can be reopened (it is {State}).");
        if (string.IsNullOrWhiteSpace(reason))
            throw new AssessmentRuleViolation("reason", "Reopening a finalised assessment requires a reason.");
        return this with { State = DualAssessmentState.Consensus, ReopenReasons = ReopenReasons.Add(reason.Trim()), FinalisedWith = null };
    }

    /// <summary>
    /// The judgements it was finalised with, once finalised (what RiskOfBiasAssessed, the final
    /// view, the plots and the CSV carry): as stored, never evaluated again under today's rule. An
    /// assessment finalised before they were stored gets those of the rule it was finalised under.
    /// </summary>
    public FinalJudgements Judgements(RiskOfBiasTool tool, int? escalationAtLeast = null)
    {
        RequireTool(tool);
        if (State != DualAssessmentState.Finalised || Consensus is null)
            throw new AssessmentRuleViolation("state", "The assessment is not finalised.");
        return FinalisedWith ?? FinalJudgements.UnderEarlierRule(tool, AssessmentEvaluator.Evaluate(tool, Consensus, escalationAtLeast), escalationAtLeast);
    }

    /// <summary>
    /// Finalised before its judgements were stored (see <see cref="Judgements"/>), so read, with its
    /// assessors' sheets, under the rule it was finalised with (<see cref="EarlierRule"/>).
    /// A method, not a property: the record round-trips through System.Text.Json.
    /// </summary>
    public bool IsFinalisedUnderEarlierRule() => State == DualAssessmentState.Finalised && FinalisedWith is null;

    public AssessorView ViewFor(RiskOfBiasTool tool, string assessorId, int? escalationAtLeast = null)
    {
        var own = Slot(assessorId);
        var other = own.AssessorId == First.AssessorId ? Second : First;
        var revealed = State != DualAssessmentState.Open;
        return new AssessorView(StudyId, ToolId, State, own.Sheet, own.Submitted,
            revealed ? other.Sheet : null,
            revealed ? Differences(tool, escalationAtLeast) : null,
            revealed ? Consensus : null);
    }

    private DualAssessment RecordConsensus(RiskOfBiasTool tool, string item, string reason, Func<AnswerSheet, AnswerSheet> change)
    {
        RequireTool(tool);
        if (State is not (DualAssessmentState.BothSubmitted or DualAssessmentState.Consensus))
            throw new AssessmentRuleViolation("state", $"Consensus is recorded after both assessors submitted and before finalising (it is {State}).");
        if (string.IsNullOrWhiteSpace(reason))
            throw new AssessmentRuleViolation("reason", "A consensus decision requires a reason.");

        var (sheet, reasons) = Consensus is null
            ? ConsensusSeed.FromAgreements(tool, First.Sheet, Second.Sheet)
            : (Consensus, ConsensusReasons);
        return this with
        {
            State = DualAssessmentState.Consensus,
            Consensus = change(sheet),
            ConsensusReasons = reasons.SetItem(item, reason.Trim()),
        };
    }

    private void RequireTool(RiskOfBiasTool tool)
    {
        if (tool.Id != ToolId)
            throw new AssessmentRuleViolation("toolId", $"This assessment uses tool '{ToolId}', not '{tool.Id}'.");
    }

    private AssessorSlot Slot(string assessorId) =>
        assessorId == First.AssessorId ? First
        : assessorId == Second.AssessorId ? Second
        : throw new AssessmentRuleViolation("assessorId", $"{assessorId} is not an assessor of this study.");

    private DualAssessment WithSlot(AssessorSlot slot) =>
        slot.AssessorId == First.AssessorId ? this with { First = slot } : this with { Second = slot };
}
