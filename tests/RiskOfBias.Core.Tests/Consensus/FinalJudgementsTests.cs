using System.Collections.Immutable;
using System.Text.Json;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Consensus;

namespace EvSysReview.RiskOfBias.Core.Tests.Consensus;

/// <summary>A finalised assessment keeps the judgements it was finalised with (docs/risk-of-bias.md, "Finalised judgements").</summary>
public class FinalJudgementsTests
{
    // D1: 1.2 = N, 1.1 and 1.3 left open, overridden to high; every other domain low.
    private static readonly AnswerSheet OverrideStandingIn = Sheets.Fill(Sheets.Rob2, Sheets.Rob2AllLow.Replace("1.1=Y 1.2=Y 1.3=N", "1.2=N"))
        .WithOverride(Sheets.Rob2, "D1", "high", "Allocation by date of birth (Methods)");

    [Fact]
    public void Finalise_stores_the_judgements_and_they_are_read_as_stored_not_evaluated_again()
    {
        var finalised = DualAssessments.BothSubmitted()
            .RecordConsensusAnswer(Sheets.Rob2, "1.3", "N", "Compatible with chance.")
            .RecordConsensusAnswer(Sheets.Rob2, "5.1", "Y", "Registered protocol.")
            .Finalise(Sheets.Rob2);

        Assert.Equal(["D1:low", "D2:low", "D3:low", "D4:low", "D5:low"], finalised.FinalisedWith!.Domains.Select(d => $"{d.Key}:{d.Value}").Order());
        Assert.Equal(("low", false), (finalised.FinalisedWith.Overall, finalised.FinalisedWith.HighRisk));
        Assert.Empty(finalised.FinalisedWith.OverridesStoodIn);

        // What was stored is what is read, whatever the consensus would evaluate to today.
        var stored = finalised with { FinalisedWith = finalised.FinalisedWith with { Domains = finalised.FinalisedWith.Domains.SetItem("D3", "high"), Overall = "high", HighRisk = true } };
        var back = JsonSerializer.Deserialize<DualAssessment>(JsonSerializer.Serialize(stored))!;
        Assert.Equal(("high", "high", true), (back.Judgements(Sheets.Rob2).Domains["D3"], back.Judgements(Sheets.Rob2).Overall, back.Judgements(Sheets.Rob2).HighRisk));

        Assert.Null(finalised.Reopen("Erratum.").FinalisedWith);
    }

    [Fact]
    public void An_assessment_finalised_before_judgements_were_stored_keeps_the_override_that_stood_in_for_its_unanswered_questions()
    {
        var legacy = Finalised(OverrideStandingIn);

        var judgements = legacy.Judgements(Sheets.Rob2);

        Assert.Equal(["D1:high", "D2:low", "D3:low", "D4:low", "D5:low"], judgements.Domains.Select(d => $"{d.Key}:{d.Value}").Order());
        Assert.Equal(("high", true), (judgements.Overall, judgements.HighRisk));
        Assert.Equal(["D1: 1.1 1.3"], judgements.OverridesStoodIn.Select(d => $"{d.Key}: {string.Join(" ", d.Value)}"));
        // Today's rule still holds the override while the consensus is not final.
        Assert.Null(AssessmentEvaluator.Evaluate(Sheets.Rob2, OverrideStandingIn).Domain("D1").Final);
    }

    [Fact]
    public void An_assessment_finalised_complete_before_judgements_were_stored_reads_as_today_and_names_no_override()
    {
        var legacy = Finalised(Sheets.Fill(Sheets.Rob2, Sheets.Rob2AllLow.Replace("5.1=Y", "5.1=NI")));

        var judgements = legacy.Judgements(Sheets.Rob2);

        Assert.Equal("some_concerns", judgements.Domains["D5"]);
        Assert.Equal(("some_concerns", false), (judgements.Overall, judgements.HighRisk));
        Assert.Empty(judgements.OverridesStoodIn);
    }

    [Fact]
    public void Judgements_with_a_domain_not_judged_are_refused_naming_it()
    {
        var incomplete = AssessmentEvaluator.Evaluate(Sheets.Rob2, OverrideStandingIn);

        var refused = Assert.Throws<AssessmentRuleViolation>(() => FinalJudgements.Of(Sheets.Rob2, incomplete));

        Assert.Equal(("consensus", "D1 has no judgement; a finalised assessment has one for every domain."), (refused.Field, refused.Reason));
    }

    [Fact]
    public void The_differences_of_an_assessment_finalised_under_the_earlier_rule_read_each_sheet_under_that_rule_and_reopened_under_todays()
    {
        // bob answered 1.1 and 1.3 (D1.R1: high without an override): alice's override standing in agrees with him.
        var answered = Sheets.Fill(Sheets.Rob2, Sheets.Rob2AllLow.Replace("1.1=Y 1.2=Y 1.3=N", "1.1=Y 1.2=N 1.3=N"));
        Assert.Equal(["Answer 1.1 /Y", "Answer 1.3 /N"], Described(Finalised(OverrideStandingIn, answered, OverrideStandingIn).Differences(Sheets.Rob2)));

        // bob's some-concerns override stood in too: the two differ in D1 and overall.
        var someConcerns = OverrideStandingIn.WithOverride(Sheets.Rob2, "D1", "some_concerns", "Baseline imbalance (Table 1)");
        var legacy = Finalised(OverrideStandingIn, someConcerns, OverrideStandingIn);
        Assert.Equal(["DomainJudgement D1 high/some_concerns", "OverallJudgement overall high/some_concerns"], Described(legacy.Differences(Sheets.Rob2)));

        // Reopened, today's rule holds both overrides: neither sheet has a D1 or overall judgement.
        Assert.Empty(legacy.Reopen("Answer 1.1 and 1.3.").Differences(Sheets.Rob2));
    }

    private static IEnumerable<string> Described(IEnumerable<Difference> differences) =>
        differences.Select(d => $"{d.Kind} {d.ItemId} {d.First}/{d.Second}");

    /// <summary>A finalised dual assessment as stored before judgements were: both sheets and the consensus <paramref name="sheet"/>, no <see cref="DualAssessment.FinalisedWith"/>.</summary>
    private static DualAssessment Finalised(AnswerSheet sheet) => Finalised(sheet, sheet, sheet);

    /// <summary>The same with alice's sheet <paramref name="first"/>, bob's <paramref name="second"/> and the consensus <paramref name="consensus"/>.</summary>
    private static DualAssessment Finalised(AnswerSheet first, AnswerSheet second, AnswerSheet consensus) => new(
        "study-17", Sheets.Rob2.Id, new AssessorSlot("alice", first, true), new AssessorSlot("bob", second, true),
        DualAssessmentState.Finalised, consensus, ImmutableDictionary<string, string>.Empty, []);
}
