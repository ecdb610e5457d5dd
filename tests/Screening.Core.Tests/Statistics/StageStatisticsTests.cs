using EvSysReview.Screening.Core.Conflicts;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Statistics;
using static EvSysReview.Screening.Core.Tests.Decisions.ScreeningItemFixture;

namespace EvSysReview.Screening.Core.Tests.Statistics;

public sealed class StageStatisticsTests
{
    [Fact]
    public void Counts_each_route_to_a_final_decision_once()
    {
        var resolved = TitleAbstract().Decided(Dual, Include("ana"), Exclude("ben"))
            .Resolve(new Adjudication("lead", ScreeningRole.Lead, DecisionKind.Exclude, "in vitro only", "cell culture only", Start), Dual).Item;
        var awaiting = TitleAbstract().Decided(Dual, Include("ana"));
        var untouched = TitleAbstract();
        var items = new[]
        {
            TitleAbstract().Decided(Dual, Include("ana"), Include("ben")),
            TitleAbstract().Decided(Dual, Exclude("ana", "no control group"), Exclude("ben")),
            TitleAbstract().Decided(Dual, Exclude("ana"), Exclude("ben")),
            TitleAbstract().Decided(Dual, Include("ana"), Maybe("ben")),
            resolved,
            TitleAbstract().Retract(Start, Dual).Item,
            awaiting,
            untouched,
            FullText().Decided(Dual, Include("ana"), Include("ben")),
        };

        var statistics = StageStatistics.Compute(ScreeningStage.TitleAbstract, items, [untouched.ItemId, resolved.ItemId]);

        Assert.Equal(8, statistics.Items);
        Assert.Equal(5, statistics.Screened);
        Assert.Equal(2, statistics.AwaitingDecisions);
        Assert.Equal(1, statistics.Included);
        Assert.Equal(4, statistics.Excluded);
        Assert.Equal(
            new Dictionary<string, int> { [StageStatistics.NoReasonGiven] = 1, ["in vitro only"] = 1, ["no control group"] = 1, ["retracted"] = 1 },
            statistics.ExcludedByReason);
        Assert.Equal((1, 1), (statistics.ConflictsOpen, statistics.ConflictsResolved));
        Assert.Equal(1, statistics.Retracted);
        // Only open items count as ineligible by automation; the resolved one was screened by people.
        Assert.Equal(1, statistics.IneligibleByAutomation);
        Assert.Equal(("ana", "ben", 5), (statistics.ReviewerPairs[0].FirstReviewerId, statistics.ReviewerPairs[0].SecondReviewerId, statistics.ReviewerPairs[0].N));
    }
}
