using EvSysReview.Screening.Core.Decisions;
using static EvSysReview.Screening.Core.Tests.Decisions.ScreeningItemFixture;

namespace EvSysReview.Screening.Core.Tests.Decisions;

public sealed class SingleReviewerTests
{
    [Fact]
    public void One_include_is_final_when_the_protocol_asks_for_one_reviewer()
    {
        var change = TitleAbstract().Decide(Include("ana"), OneReviewer);

        Assert.Equal(new FinalOutcome(DecisionKind.Include, null, FinalBasis.SingleReviewer), change.Item.Outcome);
        Assert.IsType<RecordAdvancedEffect>(change.Effects[^1]);
    }

    [Fact]
    public void A_maybe_from_the_single_reviewer_goes_to_the_conflict_queue()
    {
        var item = TitleAbstract().Decided(OneReviewer, Maybe("ana"));

        Assert.Equal(ItemStatus.Conflict, item.Status);
    }

    [Fact]
    public void A_second_reviewer_is_refused()
    {
        var item = TitleAbstract().Decided(OneReviewer, Maybe("ana"));

        Assert.Equal("enough_reviewers", Assert.Throws<ScreeningRuleException>(() => item.Decide(Include("ben"), OneReviewer)).Code);
    }

    [Fact]
    public void Without_a_full_text_stage_a_title_abstract_include_includes_the_study()
    {
        var protocol = OneReviewer with { FullTextEnabled = false };

        var change = TitleAbstract("pmid:7").Decide(Include("ana"), protocol);

        Assert.Equal(new StudyIncludedEffect(change.Item.ItemId, "pmid:7", ScreeningStage.TitleAbstract), change.Effects[^1]);
    }
}
