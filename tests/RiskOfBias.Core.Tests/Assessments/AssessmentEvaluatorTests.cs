using EvSysReview.RiskOfBias.Core.Assessments;

namespace EvSysReview.RiskOfBias.Core.Tests.Assessments;

public class AssessmentEvaluatorTests
{
    [Fact]
    public void Rob2_answers_give_domain_proposals_and_the_overall()
    {
        var sheet = Sheets.Fill(Sheets.Rob2, Sheets.Rob2AllLow.Replace("3.1=Y", "3.1=N 3.2=N 3.3=Y 3.4=Y"));

        var result = AssessmentEvaluator.Evaluate(Sheets.Rob2, sheet);

        Assert.Equal(["low", "low", "high", "low", "low"], result.Domains.Select(d => d.Final));
        Assert.Equal(["D3.R5"], result.Domain("D3").Proposal.Basis);
        Assert.Equal("high", result.OverallFinal);
    }

    [Fact]
    public void An_override_replaces_the_proposal_and_keeps_its_reason()
    {
        var sheet = Sheets.Fill(Sheets.Rob2, Sheets.Rob2AllLow)
            .WithOverride(Sheets.Rob2, "D4", "some_concerns", "Subjective outcome; assessor blinding only claimed.");

        var d4 = AssessmentEvaluator.Evaluate(Sheets.Rob2, sheet).Domain("D4");

        Assert.Equal("low", d4.Proposal.Judgement);
        Assert.Equal("some_concerns", d4.Final);
        Assert.Equal("Subjective outcome; assessor blinding only claimed.", d4.Override!.Reason);
        Assert.Equal("some_concerns", AssessmentEvaluator.Evaluate(Sheets.Rob2, sheet).OverallFinal);
    }

    [Fact]
    public void An_override_of_a_domain_with_an_unanswered_question_is_held_until_it_is_answered()
    {
        // 1.2 = N alone meets D1.R1, but 1.1 and 1.3 still apply: D1 is incomplete, overridden or not.
        var answers = Sheets.Rob2AllLow.Replace("1.1=Y 1.2=Y 1.3=N", "1.2=N");
        var plain = AssessmentEvaluator.Evaluate(Sheets.Rob2, Sheets.Fill(Sheets.Rob2, answers));
        var sheet = Sheets.Fill(Sheets.Rob2, answers)
            .WithOverride(Sheets.Rob2, "D1", "high", "Allocation by date of birth")
            .WithOverallOverride(Sheets.Rob2, "some_concerns", "Only D1 is in doubt");

        var held = AssessmentEvaluator.Evaluate(Sheets.Rob2, sheet);

        // As without the override: no final D1 judgement, nothing for the overall proposal to rest on.
        Assert.Null(plain.Domain("D1").Final);
        Assert.Equal("waiting for D1", plain.OverallProposal.Rule);
        var d1 = held.Domain("D1");
        Assert.Null(d1.Final);
        Assert.True(d1.OverrideHeld);
        Assert.Equal("high", d1.Override!.Judgement);
        Assert.Equal(["1.1", "1.3"], d1.Proposal.UnansweredQuestions);
        Assert.Null(held.OverallProposal.Judgement);
        Assert.Equal("waiting for D1", held.OverallProposal.Rule);
        Assert.Null(held.OverallFinal);
        Assert.True(held.OverallOverrideHeld);
        Assert.Equal(["D1"], held.IncompleteDomains.Select(d => d.DomainId));
        Assert.False(held.IsComplete(toolHasOverall: true));

        // Answered, the same overrides count.
        var answered = AssessmentEvaluator.Evaluate(Sheets.Rob2, Sheets.Fill(Sheets.Rob2, "1.1=Y 1.3=N", sheet));
        Assert.Equal("high", answered.Domain("D1").Final);
        Assert.False(answered.Domain("D1").OverrideHeld);
        Assert.Equal("high", answered.OverallProposal.Judgement);
        Assert.Equal("some_concerns", answered.OverallFinal);
        Assert.False(answered.OverallOverrideHeld);
        Assert.True(answered.IsComplete(toolHasOverall: true));
    }

    [Fact]
    public void A_syrcle_item_overridden_before_it_is_answered_is_held()
    {
        var sheet = AnswerSheet.Empty(Sheets.Syrcle).WithOverride(Sheets.Syrcle, "D4", "high", "Cages by the window");

        var result = AssessmentEvaluator.Evaluate(Sheets.Syrcle, sheet);

        Assert.Null(result.Domain("D4").Final);
        Assert.True(result.Domain("D4").OverrideHeld);
        Assert.Equal("high", AssessmentEvaluator.Evaluate(Sheets.Syrcle, sheet.WithAnswer(Sheets.Syrcle, "4", "yes")).Domain("D4").Final);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_override_without_reason_is_rejected(string reason)
    {
        var sheet = Sheets.Fill(Sheets.Rob2, Sheets.Rob2AllLow);

        var domain = Assert.Throws<AssessmentRuleViolation>(() => sheet.WithOverride(Sheets.Rob2, "D1", "high", reason));
        var overall = Assert.Throws<AssessmentRuleViolation>(() => sheet.WithOverallOverride(Sheets.Rob2, "high", reason));

        Assert.Equal("reason", domain.Field);
        Assert.Equal("reason", overall.Field);
    }

    [Fact]
    public void The_overall_escalation_proposal_can_be_overridden_back()
    {
        var threeConcerns = Sheets.Rob2AllLow.Replace("1.1=Y", "1.1=N").Replace("3.1=Y", "3.1=N 3.2=N 3.3=Y 3.4=N").Replace("5.1=Y", "5.1=NI");
        var sheet = Sheets.Fill(Sheets.Rob2, threeConcerns);

        var escalated = AssessmentEvaluator.Evaluate(Sheets.Rob2, sheet, escalationAtLeast: 3);
        var overridden = AssessmentEvaluator.Evaluate(Sheets.Rob2,
            sheet.WithOverallOverride(Sheets.Rob2, "some_concerns", "Concerns are minor and in unrelated domains."), escalationAtLeast: 3);

        Assert.Equal("high", escalated.OverallFinal);
        Assert.True(escalated.OverallProposal.IsEscalated);
        Assert.Equal("some_concerns", overridden.OverallFinal);
    }

    [Theory]
    [InlineData("yes", "low")]
    [InlineData("no", "high")]
    [InlineData("unclear", "unclear")]
    public void Syrcle_answers_map_to_risk(string answer, string judgement)
    {
        var sheet = AnswerSheet.Empty(Sheets.Syrcle).WithAnswer(Sheets.Syrcle, "4", answer, "Animals were housed ...");

        var d4 = AssessmentEvaluator.Evaluate(Sheets.Syrcle, sheet).Domain("D4");

        Assert.Equal(judgement, d4.Final);
        Assert.Equal("Animals were housed ...", sheet.Answers["4"].SupportQuote);
        Assert.Null(AssessmentEvaluator.Evaluate(Sheets.Syrcle, sheet).OverallFinal);
    }

    [Fact]
    public void Robins_i_judgements_are_stated_with_support()
    {
        var sheet = AnswerSheet.Empty(Sheets.RobinsI)
            .WithStatedJudgement(Sheets.RobinsI, "D1", "serious", "No adjustment for disease severity.");

        var result = AssessmentEvaluator.Evaluate(Sheets.RobinsI, sheet);

        Assert.Equal("serious", result.Domain("D1").Final);
        Assert.Null(result.Domain("D2").Final);
        Assert.Null(result.OverallFinal);
    }

    [Theory]
    [InlineData("1.1", "maybe", "answer")]
    [InlineData("9.9", "Y", "questionId")]
    [InlineData("3.2", "NI", "answer")] // 3.2 offers no "no information" in the guidance
    public void Answers_the_tool_does_not_offer_are_rejected(string question, string answer, string field)
    {
        var error = Assert.Throws<AssessmentRuleViolation>(() => AnswerSheet.Empty(Sheets.Rob2).WithAnswer(Sheets.Rob2, question, answer));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_judgement_off_the_tools_scale_is_rejected()
    {
        var error = Assert.Throws<AssessmentRuleViolation>(() =>
            AnswerSheet.Empty(Sheets.RobinsI).WithStatedJudgement(Sheets.RobinsI, "D1", "some_concerns"));
        Assert.Equal("judgement", error.Field);
    }
}
