using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Ranking;

namespace EvSysReview.Screening.Tests.Ranking;

/// <summary>When a rerank may apply the stage's last Platt mapping instead of fitting one (KeptCalibrations).</summary>
public sealed class KeptCalibrationsTests
{
    private static readonly DateTimeOffset FittedAt = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly RankingWorkerOptions Options = new() { RecalibrateAfter = TimeSpan.FromMinutes(1), RecalibrateOnGrowth = 0.25 };
    private static readonly Guid Project = Guid.NewGuid();

    [Theory]
    [InlineData(8, 1, false, 59, true)] // the same labels, same space, 59 s later
    [InlineData(9, 1, false, 30, true)] // grew by 1/8 < 1/4
    [InlineData(10, 1, false, 30, false)] // grew by 1/4
    [InlineData(7, 1, false, 30, false)] // shrank: a withdrawal or retraction
    [InlineData(8, 2, false, 30, false)] // the feature space was refitted since
    [InlineData(8, 1, true, 30, false)] // automation is on: exclusions follow these probabilities
    [InlineData(8, 1, false, 60, false)] // a minute old
    public async Task A_kept_mapping_is_reused_only_while_young_little_grown_on_the_same_space_and_without_automation(int labelledNow, int spaceFitsNow, bool automation, int secondsLater, bool reused)
    {
        var kept = new KeptCalibrations();
        var calibration = await CalibrationOnEightLabelsAsync();
        kept.Fitted(Project, ScreeningStage.TitleAbstract, calibration, spaceFits: 1, FittedAt);

        var reusable = kept.Reusable(Project, ScreeningStage.TitleAbstract, labelledNow, spaceFitsNow, automation, FittedAt.AddSeconds(secondsLater), Options);

        Assert.Equal(reused ? calibration : null, reusable);
        Assert.Null(kept.Reusable(Project, ScreeningStage.FullText, 8, 1, false, FittedAt, Options));
    }

    private static async Task<ScoreCalibration> CalibrationOnEightLabelsAsync()
    {
        RankingRecord Record(int i, string text) => new(Guid.NewGuid(), text, text);
        var labelled = Enumerable.Range(0, 8)
            .Select(i => new LabelledRecord(Record(i, i % 2 == 0 ? $"mesenchymal exosomes in Alzheimer mice {i}" : $"hospital costs of stroke care {i}"), i % 2 == 0))
            .ToList();
        var open = new[] { Record(9, "exosomes in Parkinson rats") };
        var space = TextFeatureSpace.Fit(labelled.Select(l => l.Record).Concat(open));
        var (_, calibration) = await RelevanceRanker.RankAsync(space, open, labelled, ScreeningProtocol.MscEvTemplate, null, null, null, default);
        Assert.Equal(8, calibration!.LabelledCount);
        return calibration;
    }
}
