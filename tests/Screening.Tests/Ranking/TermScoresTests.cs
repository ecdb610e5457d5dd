using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Highlights;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Ranking;

namespace EvSysReview.Screening.Tests.Ranking;

/// <summary>A stage ordered by its highlight terms scores each record once while the terms stay (TermScores).</summary>
public sealed class TermScoresTests
{
    private static readonly Guid Project = Guid.NewGuid();
    private static readonly ScreeningProtocol Protocol = ScreeningProtocol.MscEvTemplate;

    private static readonly RankingRecord[] Records =
    [
        new(Guid.NewGuid(), "Exosomes from MSCs in Parkinson's disease mice", "Intranasal extracellular vesicles improved motor scores in rats."),
        new(Guid.NewGuid(), "A review of cancer cell line only studies", "In vitro tumour models."),
        new(Guid.NewGuid(), "Cardiac output in athletes", "No terms here."),
        new(Guid.NewGuid(), "Mesenchymal stromal cells in Alzheimer's disease", "A review of mice studies."),
    ];

    [Fact]
    public void Each_record_is_scored_once_while_the_terms_stay_and_its_score_is_the_protocols()
    {
        var scores = new TermScores();
        var expected = Records.ToDictionary(r => r.ItemId, r => HighlightTermSet.For(Protocol).Score(r.Title, r.Abstract));
        Assert.Equal([7, -5, 0, 2], Records.Select(r => expected[r.ItemId]));

        var first = scores.Of(Project, ScreeningStage.FullText, Protocol, Records[..3]);
        Assert.Equal((3L, 3), (scores.ComputedFor(Project, ScreeningStage.FullText), first.Count));
        var second = scores.Of(Project, ScreeningStage.FullText, Protocol, Records);

        // Only the new record is scored; every score is the protocol's.
        Assert.Equal(4L, scores.ComputedFor(Project, ScreeningStage.FullText));
        Assert.Equal(expected, second);
        // Another stage, or another project, keeps its own.
        var otherProject = Guid.NewGuid();
        scores.Of(Project, ScreeningStage.TitleAbstract, Protocol, Records[..1]);
        scores.Of(otherProject, ScreeningStage.FullText, Protocol, Records[..1]);
        Assert.Equal((4L, 1L, 1L), (scores.ComputedFor(Project, ScreeningStage.FullText), scores.ComputedFor(Project, ScreeningStage.TitleAbstract), scores.ComputedFor(otherProject, ScreeningStage.FullText)));
    }

    [Fact]
    public void Changed_terms_score_every_record_again_and_a_record_no_longer_open_is_forgotten()
    {
        var scores = new TermScores();
        scores.Of(Project, ScreeningStage.FullText, Protocol, Records);
        var narrower = Protocol with { IncludeTerms = ["exosome*"], ExcludeTerms = [] };

        var rescored = scores.Of(Project, ScreeningStage.FullText, narrower, Records);

        Assert.Equal(8L, scores.ComputedFor(Project, ScreeningStage.FullText));
        Assert.Equal([1, 0, 0, 0], Records.Select(r => rescored[r.ItemId]));
        // Two open records now; the two that left are scored again if they come back (a withdrawn decision).
        scores.Of(Project, ScreeningStage.FullText, narrower, Records[..2]);
        Assert.Equal(8L, scores.ComputedFor(Project, ScreeningStage.FullText));
        scores.Of(Project, ScreeningStage.FullText, narrower, Records);
        Assert.Equal(10L, scores.ComputedFor(Project, ScreeningStage.FullText));
    }

    [Fact]
    public void A_ranking_by_kept_scores_is_the_ranking_by_the_terms()
    {
        var scores = new TermScores().Of(Project, ScreeningStage.FullText, Protocol, Records);

        var kept = RelevanceRanker.Rank(null, Records, [], Protocol, termScore: r => scores[r.ItemId]);
        var computed = RelevanceRanker.Rank(null, Records, [], Protocol);

        Assert.Equal(computed.Order.Select(r => (r.ItemId, r.Score)), kept.Order.Select(r => (r.ItemId, r.Score)));
        Assert.Equal([Records[0].ItemId, Records[3].ItemId, Records[2].ItemId, Records[1].ItemId], kept.Order.Select(r => r.ItemId));
    }
}
