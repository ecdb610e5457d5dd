using System.Collections.Concurrent;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// The last Platt mapping of each project and stage, so that a rerank can apply it instead of fitting
/// a new one: the fit is one model per fold, about four fifths of a rerank's work (70,000 records:
/// about 350 of 430 ms of CPU). In memory on purpose: after a restart the first rerank fits afresh.
/// A kept mapping is reused only while all of these hold (RankingWorkerOptions):
/// it is younger than RecalibrateAfter; the labelled set has not shrunk (withdrawals, retractions)
/// and has grown by less than RecalibrateOnGrowth; the feature space was not refitted since (a refit
/// changes the IDF, and with it the scale of the scores); and automation is off for the stage, since
/// automation excludes records by these probabilities and a lead would expect them fresh.
/// </summary>
public sealed class KeptCalibrations
{
    private readonly ConcurrentDictionary<(Guid, ScreeningStage), Kept> _kept = new();

    public ScoreCalibration? Reusable(Guid projectId, ScreeningStage stage, int labelled, int spaceFits, bool automation, DateTimeOffset now, RankingWorkerOptions options)
    {
        if (automation || !_kept.TryGetValue((projectId, stage), out var kept)) return null;
        var fitted = kept.Calibration.LabelledCount;
        var reusable = now - kept.FittedAt < options.RecalibrateAfter
            && kept.SpaceFits == spaceFits
            && labelled >= fitted
            && labelled < fitted * (1 + options.RecalibrateOnGrowth);
        return reusable ? kept.Calibration : null;
    }

    /// <summary>Keeps a mapping the rerank fitted (not one it reused: its age runs from its fit).</summary>
    public void Fitted(Guid projectId, ScreeningStage stage, ScoreCalibration calibration, int spaceFits, DateTimeOffset at) =>
        _kept[(projectId, stage)] = new Kept(calibration, spaceFits, at);

    private sealed record Kept(ScoreCalibration Calibration, int SpaceFits, DateTimeOffset FittedAt);
}
