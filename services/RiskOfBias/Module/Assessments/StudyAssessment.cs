using System.Collections.Immutable;
using System.Text.Json.Serialization;
using EvSysReview.Contracts;
using EvSysReview.Contracts.RiskOfBias;
using EvSysReview.RiskOfBias.Core;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Consensus;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Assessments;

/// <summary>An assessor who saved a sheet before a second assessor joined (the core's DualAssessment needs both).</summary>
public sealed record AssessorDraft(string AssessorId, AnswerSheet Sheet, bool Submitted);

/// <summary>
/// The service's aggregate: one included study's risk-of-bias task. Until a second assessor saves,
/// the first one's sheet is a draft; from then on the core's <see cref="DualAssessment"/> holds
/// both sheets, the consensus and the state. Commands throw <see cref="AssessmentRuleViolation"/>
/// (field "state" for what the current state does not allow).
/// </summary>
public sealed record StudyAssessment
{
    public const string Collection = "rob-assessments";

    public static string Key(Guid projectId, Guid studyId) => $"{projectId:N}:{studyId:N}";

    public required Guid ProjectId { get; init; }

    public required Guid StudyId { get; init; }

    public required string StudyLabel { get; init; }

    public required string StudyDesign { get; init; }

    /// <summary>Null until the protocol names a tool for the design; <see cref="ToolProblem"/> says why.</summary>
    public string? ToolId { get; init; }

    public string? ToolProblem { get; init; }

    public bool Withdrawn { get; init; }

    public string? WithdrawnReason { get; init; }

    /// <summary>When the last StudyIncluded/StudyWithdrawn applied here happened; older ones arriving late are ignored.</summary>
    public DateTimeOffset InclusionChangedAt { get; init; }

    public ImmutableList<AssessorDraft> Drafts { get; init; } = [];

    public DualAssessment? Dual { get; init; }

    /// <summary>How many times the assessment was finalised; RiskOfBiasAssessed carries it.</summary>
    public int Revision { get; init; }

    /// <summary>Per assessor: how often they saved their sheet (their ETag for PUT assessments/me).</summary>
    public ImmutableDictionary<string, long> SheetVersions { get; init; } = ImmutableDictionary<string, long>.Empty;

    [JsonIgnore]
    public bool HasStarted => Drafts.Count > 0 || Dual is not null;

    [JsonIgnore]
    public IReadOnlyList<string> Assessors => Dual is { } d ? [d.First.AssessorId, d.Second.AssessorId] : Drafts.Select(x => x.AssessorId).ToList();

    [JsonIgnore]
    public bool NeedsAssessor => !Withdrawn && Assessors.Count < 2;

    public bool IsAssessor(string username) => Assessors.Contains(username);

    /// <summary>"awaitingTool", "withdrawn", "open", "bothSubmitted", "consensus" or "finalised".</summary>
    [JsonIgnore]
    public string State => Withdrawn ? "withdrawn"
        : Dual is { } d ? d.State switch
        {
            DualAssessmentState.Open => "open",
            DualAssessmentState.BothSubmitted => "bothSubmitted",
            DualAssessmentState.Consensus => "consensus",
            _ => "finalised",
        }
        : ToolId is null ? "awaitingTool" : "open";

    /// <summary>While open, neither assessor may see the other's sheet (nor anyone a comparison or a consensus).</summary>
    [JsonIgnore]
    public bool IsBlinded => Dual is null || Dual.State == DualAssessmentState.Open;

    [JsonIgnore]
    public bool IsFinalised => !Withdrawn && Dual?.State == DualAssessmentState.Finalised;

    [JsonIgnore]
    public RiskOfBiasTool Tool => ToolId is { } id ? ToolCatalogue.BuiltIn.Get(id) : throw new AssessmentRuleViolation("state", ToolProblem ?? "No tool yet.");

    public long SheetVersion(string assessor) => SheetVersions.GetValueOrDefault(assessor);

    public AnswerSheet? SheetOf(string assessor) =>
        Dual is { } d ? (d.First.AssessorId == assessor ? d.First.Sheet : d.Second.AssessorId == assessor ? d.Second.Sheet : null)
        : Drafts.FirstOrDefault(x => x.AssessorId == assessor)?.Sheet;

    /// <summary>
    /// The assessor's sheet (<see cref="SheetOf"/>) under the rule it is read with: in the dual assessment
    /// as <see cref="DualAssessment.Read"/> says, a draft under today's; null before their first save.
    /// </summary>
    public SheetReading? ReadingOf(string assessor) =>
        Dual is { } d ? (d.First.AssessorId == assessor ? d.Read(Tool, d.First) : d.Second.AssessorId == assessor ? d.Read(Tool, d.Second) : null)
        : SheetOf(assessor) is { } draft ? SheetReading.Of(Tool, draft, underEarlierRule: false) : null;

    public bool SubmittedBy(string assessor) =>
        Dual is { } d ? (d.First.AssessorId == assessor && d.First.Submitted) || (d.Second.AssessorId == assessor && d.Second.Submitted)
        : Drafts.Any(x => x.AssessorId == assessor && x.Submitted);

    /// <summary>
    /// Replaces the assessor's sheet. The first two distinct people who save become the study's
    /// assessors; a third is refused.
    /// </summary>
    public StudyAssessment SaveSheet(string assessor, AnswerSheet sheet)
    {
        RequireActive();
        var tool = Tool;
        var next = this;
        if (Dual is { } dual)
        {
            if (!IsAssessor(assessor)) throw TwoAssessorsAlready();
            next = this with { Dual = dual.UpdateSheet(assessor, _ => sheet) };
        }
        else if (Drafts.FirstOrDefault(x => x.AssessorId == assessor) is { } draft)
        {
            if (draft.Submitted) throw new AssessmentRuleViolation("state", $"{assessor} has submitted; the sheet can no longer change.");
            next = this with { Drafts = Drafts.Replace(draft, draft with { Sheet = sheet }) };
        }
        else if (Drafts.Count == 0)
        {
            next = this with { Drafts = [new AssessorDraft(assessor, sheet, false)] };
        }
        else
        {
            // The second assessor: from now on the core's dual assessment holds both sheets.
            var first = Drafts[0];
            var started = DualAssessment.Start(tool, StudyId.ToString(), first.AssessorId, assessor)
                .UpdateSheet(first.AssessorId, _ => first.Sheet)
                .UpdateSheet(assessor, _ => sheet);
            if (first.Submitted) started = started.Submit(tool, first.AssessorId);
            next = this with { Dual = started, Drafts = [] };
        }

        return next with { SheetVersions = SheetVersions.SetItem(assessor, SheetVersion(assessor) + 1) };
    }

    public StudyAssessment Submit(string assessor)
    {
        RequireActive();
        var tool = Tool;
        if (!IsAssessor(assessor)) throw new AssessmentRuleViolation("assessor", $"{assessor} has not saved an assessment of this study; save one first (PUT .../assessments/me).");
        if (Dual is { } dual) return this with { Dual = dual.Submit(tool, assessor) };

        var draft = Drafts.First(x => x.AssessorId == assessor);
        if (draft.Submitted) throw new AssessmentRuleViolation("state", $"{assessor} has already submitted.");
        // The same rule DualAssessment.Submit applies, for a lone assessor who submits before a second one joins.
        AssessmentEvaluator.Evaluate(tool, draft.Sheet).RequireComplete("sheet");
        return this with { Drafts = Drafts.Replace(draft, draft with { Submitted = true }) };
    }

    public StudyAssessment RecordConsensus(Func<DualAssessment, RiskOfBiasTool, DualAssessment> record)
    {
        RequireActive();
        return this with { Dual = record(RequireDual(), Tool) };
    }

    public (StudyAssessment Next, RiskOfBiasAssessed Event) Finalise(Guid correlationId)
    {
        RequireActive();
        var tool = Tool;
        var next = this with { Dual = RequireDual().Finalise(tool), Revision = Revision + 1 };
        return (next, next.AssessedEvent(correlationId));
    }

    public (StudyAssessment Next, RiskOfBiasReopened Event) Reopen(string reason, Guid correlationId)
    {
        RequireActive();
        var next = this with { Dual = RequireDual().Reopen(reason) };
        return (next, new RiskOfBiasReopened
        {
            ProjectId = ProjectId, StudyId = StudyId, Revision = Revision, Tool = ToolId!, Reason = reason.Trim(), CorrelationId = correlationId,
        });
    }

    /// <summary>The study was excluded after the fact. Tells consumers only if an assessment was ever published.</summary>
    public (StudyAssessment Next, IntegrationEvent? Event) Withdraw(string reason, DateTimeOffset at, Guid correlationId)
    {
        var next = this with { Withdrawn = true, WithdrawnReason = reason, InclusionChangedAt = at };
        if (Withdrawn || Revision == 0 || ToolId is null) return (next, null);
        return (next, new RiskOfBiasReopened
        {
            ProjectId = ProjectId, StudyId = StudyId, Revision = Revision, Tool = ToolId, Reason = $"Study excluded: {reason}", Withdrawn = true, CorrelationId = correlationId,
        });
    }

    /// <summary>
    /// Included again after an exclusion: the work done so far comes back; a finalised assessment is
    /// published again, with the judgements it was finalised with (stored from now on if it predates that).
    /// </summary>
    public (StudyAssessment Next, IntegrationEvent? Event) Restore(DateTimeOffset at, Guid correlationId)
    {
        var next = this with { Withdrawn = false, WithdrawnReason = null, InclusionChangedAt = at };
        if (!Withdrawn || !next.IsFinalised) return (next, null);
        next = next with { Revision = Revision + 1, Dual = RequireDual() with { FinalisedWith = Judgements() } };
        return (next, next.AssessedEvent(correlationId));
    }

    /// <summary>The judgements the assessment was finalised with (see <see cref="DualAssessment.Judgements"/>).</summary>
    public FinalJudgements Judgements() => RequireDual().Judgements(Tool);

    private RiskOfBiasAssessed AssessedEvent(Guid correlationId)
    {
        var judgements = Judgements();
        return new RiskOfBiasAssessed
        {
            ProjectId = ProjectId,
            StudyId = StudyId,
            Revision = Revision,
            Tool = Tool.Id,
            Domains = judgements.Domains,
            Overall = judgements.Overall,
            HighRisk = judgements.HighRisk,
            CorrelationId = correlationId,
        };
    }

    private DualAssessment RequireDual() =>
        Dual ?? throw new AssessmentRuleViolation("state", Assessors.Count < 2
            ? "This study does not have two assessors yet; consensus starts once both have submitted."
            : "Consensus starts once both assessors have submitted.");

    private void RequireActive()
    {
        if (Withdrawn) throw new AssessmentRuleViolation("state", $"The study was excluded ({WithdrawnReason}); its risk-of-bias task is withdrawn.");
    }

    private AssessmentRuleViolation TwoAssessorsAlready() =>
        new("assessor", $"This study already has its two assessors ({string.Join(", ", Assessors)}).");
}
