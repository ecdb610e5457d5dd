using EvSysReview.Screening.Core.Conflicts;
using EvSysReview.Screening.Core.Decisions;
using static EvSysReview.Screening.Core.Tests.Decisions.ScreeningItemFixture;

namespace EvSysReview.Screening.Core.Tests.Decisions;

public sealed class DualScreeningTests
{
    [Fact]
    public void One_decision_of_two_leaves_the_item_awaiting()
    {
        var change = TitleAbstract().Decide(Include("ana"), Dual);

        Assert.Equal(ItemStatus.AwaitingDecisions, change.Item.Status);
        Assert.Null(change.Item.Outcome);
        var recorded = Assert.IsType<DecisionRecordedEffect>(Assert.Single(change.Effects));
        Assert.False(recorded.Replaced);
        Assert.Equal(1, change.Item.Version);
    }

    [Fact]
    public void Two_reviewers_including_the_same_item_advance_it_to_full_text()
    {
        var item = TitleAbstract("pmid:35000001").Decided(Dual, Include("ana"));

        var change = item.Decide(Include("ben", minute: 5), Dual);

        Assert.Equal(ItemStatus.Final, change.Item.Status);
        Assert.Equal(new FinalOutcome(DecisionKind.Include, null, FinalBasis.Agreement), change.Item.Outcome);
        Assert.Equal(Start.AddMinutes(5), change.Item.FinalisedAt);
        Assert.Collection(
            change.Effects,
            e => Assert.IsType<DecisionRecordedEffect>(e),
            e => Assert.Equal(new RecordAdvancedEffect(item.ItemId, "pmid:35000001"), e));
        Assert.Equal(2, change.Item.Version);
    }

    [Fact]
    public void Two_excludes_at_title_abstract_exclude_the_study_with_the_first_reason_given()
    {
        var item = TitleAbstract().Decided(Dual, Exclude("ana"), Exclude("ben", "in vitro only"));

        Assert.Equal(new FinalOutcome(DecisionKind.Exclude, "in vitro only", FinalBasis.Agreement), item.Outcome);
    }

    [Fact]
    public void Final_exclude_emits_study_excluded_with_the_reason()
    {
        var item = TitleAbstract().Decided(Dual, Exclude("ana", "no control group"));

        var change = item.Decide(Exclude("ben", "no control group"), Dual);

        var excluded = Assert.IsType<StudyExcludedEffect>(change.Effects[^1]);
        Assert.Equal("no control group", excluded.ExclusionReason);
        Assert.Equal(FinalBasis.Agreement, excluded.Basis);
    }

    [Fact]
    public void A_reviewer_changes_their_own_decision_before_the_item_is_final()
    {
        var item = TitleAbstract().Decided(Dual, Exclude("ana"));

        var change = item.Decide(Include("ana", minute: 2), Dual);

        Assert.Equal(DecisionKind.Include, Assert.Single(change.Item.Decisions).Kind);
        Assert.True(Assert.IsType<DecisionRecordedEffect>(Assert.Single(change.Effects)).Replaced);
        Assert.Equal(ItemStatus.AwaitingDecisions, change.Item.Status);
    }

    [Fact]
    public void A_final_item_refuses_a_changed_decision()
    {
        var item = TitleAbstract().Decided(Dual, Include("ana"), Include("ben"));

        var error = Assert.Throws<ScreeningRuleException>(() => item.Decide(Exclude("ana"), Dual));

        Assert.Equal(("item", "item_final"), (error.Field, error.Code));
    }

    [Fact]
    public void A_third_reviewer_cannot_decide_an_item_that_has_its_two_decisions()
    {
        var item = TitleAbstract().Decided(Dual, Include("ana"), Exclude("ben"));

        var error = Assert.Throws<ScreeningRuleException>(() => item.Decide(Include("cy"), Dual));

        Assert.Equal(("reviewerId", "enough_reviewers"), (error.Field, error.Code));
    }

    [Fact]
    public void Disagreement_raises_a_conflict_that_a_methodologist_resolves_with_a_note()
    {
        var item = TitleAbstract().Decided(Dual, Include("ana"));
        var raised = item.Decide(Exclude("ben", minute: 3), Dual);

        Assert.Equal(ItemStatus.Conflict, raised.Item.Status);
        Assert.Equal(ConflictReason.Disagreement, Assert.IsType<ConflictRaisedEffect>(raised.Effects[^1]).Reason);
        Assert.Equal(Start.AddMinutes(3), raised.Item.ConflictRaisedAt);

        var adjudication = new Adjudication("meth", ScreeningRole.Methodologist, DecisionKind.Include, null, "Rats, MCAO model: eligible", Start.AddHours(1));
        var resolved = raised.Item.Resolve(adjudication, Dual);

        Assert.Equal(new FinalOutcome(DecisionKind.Include, null, FinalBasis.Adjudication), resolved.Item.Outcome);
        Assert.True(resolved.Item.HasResolvedConflict);
        Assert.Collection(
            resolved.Effects,
            e => Assert.Equal(adjudication, Assert.IsType<ConflictResolvedEffect>(e).Adjudication),
            e => Assert.IsType<RecordAdvancedEffect>(e));
    }

    [Fact]
    public void A_maybe_raises_a_conflict_even_when_the_other_reviewer_agrees()
    {
        var item = TitleAbstract().Decided(Dual, Maybe("ana"), Maybe("ben"));

        Assert.Equal(ItemStatus.Conflict, item.Status);
        Assert.Equal(ConflictReason.Maybe, item.ConflictReason);
    }

    [Fact]
    public void Reviewers_who_change_their_decisions_into_agreement_close_the_conflict_without_adjudication()
    {
        var conflict = TitleAbstract().Decided(Dual, Include("ana"), Exclude("ben"));

        var change = conflict.Decide(Include("ben", minute: 9), Dual);

        Assert.Equal(FinalBasis.Agreement, change.Item.Outcome!.Basis);
        Assert.Null(Assert.IsType<ConflictResolvedEffect>(change.Effects[1]).Adjudication);
    }

    [Fact]
    public void Only_a_methodologist_or_lead_resolves_and_only_with_a_note_and_a_final_kind()
    {
        var conflict = TitleAbstract().Decided(Dual, Include("ana"), Exclude("ben"));
        Adjudication By(ScreeningRole role, DecisionKind kind, string note) => new("x", role, kind, null, note, Start);

        Assert.Equal("not_adjudicator", Assert.Throws<ScreeningRuleException>(() => conflict.Resolve(By(ScreeningRole.Reviewer, DecisionKind.Include, "n"), Dual)).Code);
        Assert.Equal("note_required", Assert.Throws<ScreeningRuleException>(() => conflict.Resolve(By(ScreeningRole.Lead, DecisionKind.Include, " "), Dual)).Code);
        Assert.Equal("maybe_not_final", Assert.Throws<ScreeningRuleException>(() => conflict.Resolve(By(ScreeningRole.Lead, DecisionKind.Maybe, "n"), Dual)).Code);
        Assert.Equal(ItemStatus.Final, conflict.Resolve(By(ScreeningRole.Lead, DecisionKind.Exclude, "animal model absent"), Dual).Item.Status);
    }

    [Fact]
    public void An_item_without_a_conflict_cannot_be_resolved()
    {
        var item = TitleAbstract().Decided(Dual, Include("ana"));

        var error = Assert.Throws<ScreeningRuleException>(() => item.Resolve(new Adjudication("lead", ScreeningRole.Lead, DecisionKind.Include, null, "n", Start), Dual));

        Assert.Equal("no_conflict", error.Code);
    }
}
