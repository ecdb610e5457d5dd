using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;
using static EvSysReview.Screening.Core.Tests.Decisions.ScreeningItemFixture;

namespace EvSysReview.Screening.Core.Tests.Decisions;

public sealed class RetractionTests
{
    [Fact]
    public void A_retracted_open_citation_is_flagged_and_excluded_as_retracted()
    {
        var item = TitleAbstract("pmid:31").Decided(Dual, Include("ana"));

        var change = item.Retract(Start.AddDays(1), Dual);

        Assert.Equal(new FinalOutcome(DecisionKind.Exclude, ScreeningProtocol.RetractedReason, FinalBasis.Retraction), change.Item.Outcome);
        Assert.Collection(
            change.Effects,
            e => Assert.IsType<CitationFlaggedRetractedEffect>(e),
            e => Assert.Equal(new StudyExcludedEffect(item.ItemId, "pmid:31", ScreeningStage.TitleAbstract, "retracted", FinalBasis.Retraction), e));
        Assert.True(change.Item.ViewFor("ana", ScreeningRole.Reviewer).Retracted);
    }

    [Fact]
    public void A_retraction_after_inclusion_excludes_the_study()
    {
        var included = FullText().Decided(Dual, Include("ana"), Include("ben"));

        var change = included.Retract(Start.AddDays(30), Dual);

        Assert.Equal("retracted", Assert.IsType<StudyExcludedEffect>(change.Effects[^1]).ExclusionReason);
    }

    [Fact]
    public void A_repeated_retraction_changes_nothing()
    {
        var retracted = TitleAbstract().Retract(Start, Dual).Item;

        var again = retracted.Retract(Start.AddHours(1), Dual);

        Assert.False(again.Changed);
        Assert.Same(retracted, again.Item);
    }

    [Fact]
    public void A_lead_override_returns_the_item_to_what_its_decisions_say()
    {
        var retracted = FullText("pmid:5").Decided(Dual, Include("ana"), Include("ben")).Retract(Start.AddDays(2), Dual).Item;

        var change = retracted.OverrideRetraction("lead", ScreeningRole.Lead, "Retraction notice concerns figure 3 only", Start.AddDays(3), Dual);

        Assert.Equal(new FinalOutcome(DecisionKind.Include, null, FinalBasis.Agreement), change.Item.Outcome);
        Assert.Collection(
            change.Effects,
            e => Assert.IsType<RetractionOverriddenEffect>(e),
            e => Assert.IsType<StudyIncludedEffect>(e));
        Assert.False(change.Item.Retraction!.IsActive);
    }

    [Fact]
    public void An_overridden_open_item_is_open_again_for_screening()
    {
        var retracted = TitleAbstract().Retract(Start, Dual).Item;

        var reopened = retracted.OverrideRetraction("lead", ScreeningRole.Lead, "wrong PMID matched", Start.AddHours(1), Dual).Item;

        Assert.Equal(ItemStatus.AwaitingDecisions, reopened.Status);
        Assert.Equal(ItemStatus.Final, reopened.Decide(Include("ana"), OneReviewer).Item.Status);
    }

    [Fact]
    public void Only_a_lead_overrides_and_only_with_a_note()
    {
        var retracted = TitleAbstract().Retract(Start, Dual).Item;

        Assert.Equal("not_lead", Assert.Throws<ScreeningRuleException>(() => retracted.OverrideRetraction("m", ScreeningRole.Methodologist, "n", Start, Dual)).Code);
        Assert.Equal("note_required", Assert.Throws<ScreeningRuleException>(() => retracted.OverrideRetraction("l", ScreeningRole.Lead, "", Start, Dual)).Code);
        Assert.Equal("not_retracted", Assert.Throws<ScreeningRuleException>(() => TitleAbstract().OverrideRetraction("l", ScreeningRole.Lead, "n", Start, Dual)).Code);
    }
}
