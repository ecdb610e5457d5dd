using EvSysReview.Screening.Core.Conflicts;
using EvSysReview.Screening.Core.Decisions;
using static EvSysReview.Screening.Core.Tests.Decisions.ScreeningItemFixture;

namespace EvSysReview.Screening.Core.Tests.Decisions;

public sealed class FullTextTests
{
    [Fact]
    public void An_exclusion_at_full_text_needs_a_reason()
    {
        var error = Assert.Throws<ScreeningRuleException>(() => FullText().Decide(Exclude("ana"), Dual));

        Assert.Equal(("exclusionReason", "reason_required"), (error.Field, error.Code));
    }

    [Fact]
    public void The_reason_must_be_one_of_the_protocol()
    {
        var error = Assert.Throws<ScreeningRuleException>(() => FullText().Decide(Exclude("ana", "too long"), Dual));

        Assert.Equal(("exclusionReason", "unknown_reason"), (error.Field, error.Code));
    }

    [Fact]
    public void Reasons_match_the_protocol_whatever_their_case()
    {
        var item = FullText().Decided(Dual, Exclude("ana", "In Vitro Only"));

        Assert.Equal("In Vitro Only", item.Decisions[0].ExclusionReason);
    }

    [Fact]
    public void A_reason_on_an_include_is_refused()
    {
        var include = new ScreeningDecision("ana", DecisionKind.Include, "in vitro only", null, Start);

        Assert.Equal("reason_without_exclude", Assert.Throws<ScreeningRuleException>(() => FullText().Decide(include, Dual)).Code);
    }

    [Fact]
    public void Final_include_at_full_text_includes_the_study()
    {
        var item = FullText("pmid:9").Decided(Dual, Include("ana"));

        var change = item.Decide(Include("ben"), Dual);

        Assert.Equal(new StudyIncludedEffect(item.ItemId, "pmid:9", ScreeningStage.FullText), change.Effects[^1]);
    }

    [Fact]
    public void Two_excludes_for_different_reasons_need_adjudication_at_full_text()
    {
        var item = FullText().Decided(Dual, Exclude("ana", "no control group"), Exclude("ben", "in vitro only"));

        Assert.Equal(ItemStatus.Conflict, item.Status);
        Assert.Equal(ConflictReason.ExclusionReasonDiffers, item.ConflictReason);
    }

    [Fact]
    public void A_changed_decision_that_keeps_the_conflict_gives_it_the_new_reason_without_raising_it_again()
    {
        var reasonsDiffer = FullText().Decided(Dual, Exclude("ana", "no control group"), Exclude("ben", "in vitro only"));

        var change = reasonsDiffer.Decide(Include("ben", minute: 5), Dual);

        Assert.Equal(ItemStatus.Conflict, change.Item.Status);
        Assert.Equal(ConflictReason.Disagreement, change.Item.ConflictReason);
        Assert.Equal(reasonsDiffer.ConflictRaisedAt, change.Item.ConflictRaisedAt);
        Assert.DoesNotContain(change.Effects, e => e is ConflictRaisedEffect);
    }

    [Fact]
    public void An_adjudicated_exclusion_at_full_text_needs_a_reason_too()
    {
        var item = FullText().Decided(Dual, Include("ana"), Exclude("ben", "in vitro only"));

        var error = Assert.Throws<ScreeningRuleException>(() => item.Resolve(new Adjudication("lead", ScreeningRole.Lead, DecisionKind.Exclude, null, "agree with ben", Start), Dual));

        Assert.Equal("reason_required", error.Code);
    }
}
