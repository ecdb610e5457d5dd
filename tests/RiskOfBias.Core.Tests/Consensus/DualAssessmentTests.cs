using System.Text.Json;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Consensus;

namespace EvSysReview.RiskOfBias.Core.Tests.Consensus;

public class DualAssessmentTests
{
    private static readonly string AliceAnswers = DualAssessments.AliceAnswers;
    private static readonly string BobAnswers = DualAssessments.BobAnswers;

    private static DualAssessment Started() => DualAssessments.Started();

    private static DualAssessment BothSubmitted() => DualAssessments.BothSubmitted();

    [Fact]
    public void While_open_an_assessor_sees_only_their_own_answers()
    {
        var assessment = Started()
            .UpdateSheet("alice", s => Sheets.Fill(Sheets.Rob2, AliceAnswers, s))
            .UpdateSheet("bob", s => Sheets.Fill(Sheets.Rob2, BobAnswers, s))
            .Submit(Sheets.Rob2, "alice");

        var bobsView = assessment.ViewFor(Sheets.Rob2, "bob");
        var alicesView = assessment.ViewFor(Sheets.Rob2, "alice");

        Assert.Equal(DualAssessmentState.Open, assessment.State);
        Assert.Equal("PY", bobsView.OwnSheet.Answers["1.3"].Answer);
        Assert.Null(bobsView.OtherSheet);
        Assert.Null(bobsView.Differences);
        Assert.Null(alicesView.OtherSheet);
        Assert.True(alicesView.OwnSubmitted);
    }

    [Fact]
    public void Both_submissions_reveal_the_differences_in_answers_and_judgements()
    {
        var assessment = BothSubmitted();

        var differences = assessment.Differences(Sheets.Rob2);

        Assert.Equal(DualAssessmentState.BothSubmitted, assessment.State);
        Assert.Equal(
            [
                new Difference(DifferenceKind.Answer, "D1", "1.3", "N", "PY"),
                new Difference(DifferenceKind.DomainJudgement, "D1", "D1", "low", "some_concerns"),
                new Difference(DifferenceKind.Answer, "D5", "5.1", "Y", "NI"),
                new Difference(DifferenceKind.DomainJudgement, "D5", "D5", "low", "some_concerns"),
                new Difference(DifferenceKind.OverallJudgement, "overall", "overall", "low", "some_concerns"),
            ],
            differences);
        Assert.Equal("N", assessment.ViewFor(Sheets.Rob2, "bob").OtherSheet!.Answers["1.3"].Answer);
    }

    [Fact]
    public void An_incomplete_sheet_cannot_be_submitted()
    {
        var assessment = Started().UpdateSheet("alice", s => Sheets.Fill(Sheets.Rob2, "1.1=Y 1.2=Y", s));

        var error = Assert.Throws<IncompleteAssessment>(() => assessment.Submit(Sheets.Rob2, "alice"));

        Assert.Equal("sheet", error.Field);
        Assert.StartsWith("Not complete: D1 (answer 1.3); D2 (answer 2.1, 2.2, 2.6)", error.Message);
        Assert.Equal(["1.3"], error.Unanswered["D1"]);
    }

    [Fact]
    public void A_sheet_whose_high_domain_still_has_questions_to_answer_cannot_be_submitted()
    {
        // Every domain answered in full but D1, where 1.2 = N alone would already meet row D1.R1 (high).
        var answers = Sheets.Rob2AllLow.Replace("1.1=Y 1.2=Y 1.3=N", "1.2=N");
        var assessment = Started().UpdateSheet("alice", s => Sheets.Fill(Sheets.Rob2, answers, s));

        var error = Assert.Throws<IncompleteAssessment>(() => assessment.Submit(Sheets.Rob2, "alice"));

        Assert.Equal("sheet", error.Field);
        Assert.StartsWith("Not complete: D1 (answer 1.1, 1.3).", error.Message);
    }

    [Fact]
    public void An_override_does_not_answer_the_questions_of_its_domain()
    {
        // As above, with D1 overridden: the judgement changes, the questions 1.1 and 1.3 stay open.
        var answers = Sheets.Rob2AllLow.Replace("1.1=Y 1.2=Y 1.3=N", "1.2=N");
        var assessment = Started().UpdateSheet("alice", s => Sheets.Fill(Sheets.Rob2, answers, s).WithOverride(Sheets.Rob2, "D1", "high", "Allocation by date of birth"));

        var error = Assert.Throws<IncompleteAssessment>(() => assessment.Submit(Sheets.Rob2, "alice"));

        Assert.Equal("Not complete: D1 (answer 1.1, 1.3).", error.Message);
        Assert.Equal(["D1"], error.Unanswered.Keys);
        Assert.Equal(["1.1", "1.3"], error.Unanswered["D1"]);
        var answered = assessment.UpdateSheet("alice", s => Sheets.Fill(Sheets.Rob2, "1.1=Y 1.3=N", s)).Submit(Sheets.Rob2, "alice");
        Assert.True(answered.First.Submitted);
    }

    [Fact]
    public void An_agreed_override_seeded_into_the_consensus_is_held_while_a_question_of_its_domain_is_undecided()
    {
        // Both override D1 to high; they answered 1.3 differently (N, PY), so the seed leaves 1.3 open.
        var assessment = Started()
            .UpdateSheet("alice", s => Sheets.Fill(Sheets.Rob2, AliceAnswers, s).WithOverride(Sheets.Rob2, "D1", "high", "Envelopes were not opaque"))
            .UpdateSheet("bob", s => Sheets.Fill(Sheets.Rob2, BobAnswers, s).WithOverride(Sheets.Rob2, "D1", "high", "Envelopes were not opaque"))
            .Submit(Sheets.Rob2, "alice").Submit(Sheets.Rob2, "bob")
            .RecordConsensusAnswer(Sheets.Rob2, "5.1", "Y", "Protocol registered before enrolment");

        var seeded = AssessmentEvaluator.Evaluate(Sheets.Rob2, assessment.Consensus!).Domain("D1");
        Assert.Equal("high", seeded.Override!.Judgement);
        Assert.Null(seeded.Final);
        Assert.True(seeded.OverrideHeld);

        var decided = assessment.RecordConsensusAnswer(Sheets.Rob2, "1.3", "N", "Table 1 balanced");
        Assert.Equal("high", AssessmentEvaluator.Evaluate(Sheets.Rob2, decided.Consensus!).Domain("D1").Final);
    }

    [Fact]
    public void A_submitted_sheet_cannot_change()
    {
        var assessment = BothSubmitted();

        Assert.Throws<AssessmentRuleViolation>(() => assessment.UpdateSheet("alice", s => s.WithoutAnswer("1.1")));
    }

    [Fact]
    public void Consensus_starts_from_the_agreements_and_records_each_decision_with_a_reason()
    {
        var assessment = BothSubmitted()
            .RecordConsensusAnswer(Sheets.Rob2, "1.3", "N", "Table 1 imbalances are small and compatible with chance.", "Table 1")
            .RecordConsensusAnswer(Sheets.Rob2, "5.1", "Y", "Protocol NCT0000 registered before unblinding.");

        var result = ConsensusResult(assessment);

        Assert.Equal(DualAssessmentState.Consensus, assessment.State);
        Assert.Equal("Both assessors agreed.", assessment.ConsensusReasons[ConsensusItem.Question("1.1")]);
        Assert.Equal("Table 1 imbalances are small and compatible with chance.", assessment.ConsensusReasons[ConsensusItem.Question("1.3")]);
        Assert.Equal("quote for 1.1", assessment.Consensus!.Answers["1.1"].SupportQuote);
        Assert.Equal(["low", "low", "low", "low", "low"], result.Domains.Select(d => d.Final));
    }

    [Fact]
    public void A_consensus_judgement_differing_from_the_proposal_is_an_override_with_its_reason()
    {
        var assessment = BothSubmitted()
            .RecordConsensusAnswer(Sheets.Rob2, "1.3", "N", "Compatible with chance.")
            .RecordConsensusAnswer(Sheets.Rob2, "5.1", "NI", "No protocol found.")
            .RecordConsensusJudgement(Sheets.Rob2, "D5", "low", "Single outcome measure with one obvious analysis.");

        var d5 = ConsensusResult(assessment).Domain("D5");

        Assert.Equal("some_concerns", d5.Proposal.Judgement);
        Assert.Equal("low", d5.Final);
        Assert.Equal("Single outcome measure with one obvious analysis.", d5.Override!.Reason);
    }

    [Fact]
    public void Consensus_without_reason_is_rejected()
    {
        var error = Assert.Throws<AssessmentRuleViolation>(() => BothSubmitted().RecordConsensusAnswer(Sheets.Rob2, "1.3", "N", " "));
        Assert.Equal("reason", error.Field);
    }

    [Fact]
    public void Finalise_then_reopen_returns_to_consensus_keeping_the_decisions()
    {
        var finalised = BothSubmitted()
            .RecordConsensusAnswer(Sheets.Rob2, "1.3", "N", "Compatible with chance.")
            .RecordConsensusAnswer(Sheets.Rob2, "5.1", "Y", "Registered protocol.")
            .Finalise(Sheets.Rob2);

        var reopened = finalised.Reopen("Erratum published with corrected attrition.");
        var refinalised = reopened
            .RecordConsensusAnswer(Sheets.Rob2, "3.1", "N", "Erratum: 30% lost to follow-up.")
            .RecordConsensusAnswer(Sheets.Rob2, "3.2", "N", "No sensitivity analysis.")
            .RecordConsensusAnswer(Sheets.Rob2, "3.3", "Y", "Dropouts due to adverse events.")
            .RecordConsensusAnswer(Sheets.Rob2, "3.4", "PY", "Dropouts differ between arms.")
            .Finalise(Sheets.Rob2);

        Assert.Equal(DualAssessmentState.Finalised, finalised.State);
        Assert.Equal("low", finalised.Judgements(Sheets.Rob2).Overall);
        Assert.Equal(DualAssessmentState.Consensus, reopened.State);
        Assert.Equal(["Erratum published with corrected attrition."], reopened.ReopenReasons);
        Assert.Equal("N", reopened.Consensus!.Answers["1.3"].Answer);
        Assert.Equal("high", refinalised.Judgements(Sheets.Rob2).Overall);
    }

    [Fact]
    public void Commands_out_of_order_are_refused()
    {
        Assert.Throws<AssessmentRuleViolation>(() => Started().Finalise(Sheets.Rob2));
        Assert.Throws<AssessmentRuleViolation>(() => Started().Reopen("why not"));
        Assert.Throws<AssessmentRuleViolation>(() => Started().Differences(Sheets.Rob2));
        Assert.Throws<AssessmentRuleViolation>(() => Started().RecordConsensusAnswer(Sheets.Rob2, "1.1", "Y", "early"));
        Assert.Throws<AssessmentRuleViolation>(() => DualAssessment.Start(Sheets.Rob2, "s", "alice", "alice"));
        var stranger = Assert.Throws<AssessmentRuleViolation>(() => Started().ViewFor(Sheets.Rob2, "mallory"));
        Assert.Equal("assessorId", stranger.Field);
    }

    [Fact]
    public void Robins_i_consensus_states_domain_judgements()
    {
        var tool = Sheets.RobinsI;
        var assessment = DualAssessment.Start(tool, "cohort-3", "alice", "bob")
            .UpdateSheet("alice", s => tool.Domains.Aggregate(s, (sheet, d) => sheet.WithStatedJudgement(tool, d.Id, "moderate")))
            .UpdateSheet("bob", s => tool.Domains.Aggregate(s, (sheet, d) => sheet.WithStatedJudgement(tool, d.Id, d.Id == "D1" ? "serious" : "moderate")))
            .Submit(tool, "alice")
            .Submit(tool, "bob")
            .RecordConsensusJudgement(tool, "D1", "serious", "Confounding by disease severity not addressed.")
            .Finalise(tool);

        Assert.Equal("serious", assessment.Judgements(tool).Overall);
        Assert.Equal("Both assessors agreed.", assessment.ConsensusReasons[ConsensusItem.Domain("D2")]);
    }

    [Fact]
    public void The_aggregate_round_trips_through_system_text_json()
    {
        var assessment = BothSubmitted().RecordConsensusAnswer(Sheets.Rob2, "1.3", "N", "Compatible with chance.");

        var json = JsonSerializer.Serialize(assessment);
        var back = JsonSerializer.Deserialize<DualAssessment>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal(assessment.Differences(Sheets.Rob2), back.Differences(Sheets.Rob2));
    }

    private static AssessmentResult ConsensusResult(DualAssessment assessment) =>
        AssessmentEvaluator.Evaluate(Sheets.Rob2, assessment.Consensus!);
}
