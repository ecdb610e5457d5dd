using System.Collections.Immutable;
using System.Text.Json;
using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Consensus;
using EvSysReview.RiskOfBias.Core.Tools;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>
/// A study's document as the service stored it before ad4471b, when an override stood in for
/// unanswered signalling questions and a finalised assessment stored no judgements. Browser.Tests
/// compiles this file too (linked), so both seed the same document.
/// </summary>
public static class LegacyAssessmentSeed
{
    public static readonly RiskOfBiasTool Rob2 = ToolCatalogue.BuiltIn.Get("rob2");

    public const string D1Reason = "Allocation by date of birth (Methods)";

    /// <summary>Every RoB 2 question answered low except 1.1 and 1.3, left open, and D1 overridden to <paramref name="d1"/>.</summary>
    public static AnswerSheet Sheet(string d1 = "high") =>
        "1.2=N 2.1=N 2.2=N 2.6=Y 3.1=Y 4.1=N 4.2=N 4.3=N 5.1=Y 5.2=N 5.3=N".Split(' ').Select(a => a.Split('='))
            .Aggregate(AnswerSheet.Empty(Rob2), (s, a) => s.WithAnswer(Rob2, a[0], a[1], $"quote for {a[0]}"))
            .WithOverride(Rob2, "D1", d1, D1Reason);

    /// <summary>
    /// Stores the study with both sheets submitted and, past <see cref="DualAssessmentState.BothSubmitted"/>,
    /// the consensus <see cref="Sheet"/> (its D1 override agreed); finalised, with no judgements stored.
    /// </summary>
    public static async Task SeedAsync(
        ModuleStore<RiskOfBiasModule> store, Guid projectId, Guid studyId, string label, DualAssessmentState state,
        (string Assessor, AnswerSheet Sheet) first, (string Assessor, AnswerSheet Sheet) second)
    {
        var hasConsensus = state is DualAssessmentState.Consensus or DualAssessmentState.Finalised;
        var dual = new DualAssessment(studyId.ToString(), Rob2.Id,
            new AssessorSlot(first.Assessor, first.Sheet, true), new AssessorSlot(second.Assessor, second.Sheet, true), state,
            hasConsensus ? Sheet() : null,
            hasConsensus ? ImmutableDictionary<string, string>.Empty.Add(ConsensusItem.Domain("D1"), DualAssessment.AgreedReason) : ImmutableDictionary<string, string>.Empty,
            []);
        var task = new StudyAssessment
        {
            ProjectId = projectId, StudyId = studyId, StudyLabel = label, StudyDesign = "randomised", ToolId = Rob2.Id,
            InclusionChangedAt = DateTimeOffset.UtcNow.AddDays(-30), Dual = dual, Revision = state == DualAssessmentState.Finalised ? 1 : 0,
        };
        var document = JsonSerializer.SerializeToNode(task, StoreJson.Options)!.AsObject();
        document["dual"]!.AsObject().Remove("finalisedWith");
        await store.CommitAsync(new UnitOfWork().Put(StudyAssessment.Collection, StudyAssessment.Key(projectId, studyId), projectId.ToString("N"), document, 0));
    }
}
