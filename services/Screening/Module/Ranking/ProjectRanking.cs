using EvSysReview.Contracts.Screening;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Items;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// One rerank of a project: per stage, train on the final decisions (retractions say nothing
/// about relevance and are left out), rank the open items, store the result for `next`. When the
/// lead turned automation on, title/abstract items newly below the threshold are announced once as
/// StudyExcluded{ByAutomation}; they stay open items, left out of the queue and counted apart.
/// </summary>
public sealed partial class ProjectRanking(ScreeningRepository repository, FeatureSpaces spaces, KeptCalibrations calibrations, TermScores termScores, IOptions<RankingWorkerOptions> options, TimeProvider time, ILogger<ProjectRanking> logger)
{
    public const string AutomationReason = "ineligible by automation";

    /// <returns>The rerank's time, and what of it the worker leaves out of its budget (RankingWorkerOptions.MaxShareOfTime).</returns>
    public async Task<RerankCost> RerankAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var featurising = TimeSpan.Zero;
        var pace = new RerankPace(options.Value.RestPerWork, time);
        var started = time.GetTimestamp();
        var settings = await repository.SettingsAsync(projectId, cancellationToken);
        // The queue's mirror of the committed items: a rerank does not read the project from the store.
        var queue = await repository.QueueAsync(projectId, cancellationToken);
        foreach (var stage in new[] { ScreeningStage.TitleAbstract, ScreeningStage.FullText })
        {
            var (open, labelled) = queue.RankingInputOf(stage);
            if (open.Count == 0 && labelled.Count == 0) continue;
            await pace.BetweenStepsAsync("inputs", cancellationToken);
            // Automation marks records ineligible at title/abstract only; full text is always read.
            var protocol = stage == ScreeningStage.TitleAbstract ? settings.EffectiveProtocol : settings.Protocol with { AutomationThreshold = null };
            var (result, spent) = await Task.Run(() => RankAsync(projectId, stage, open, labelled, protocol, pace, cancellationToken), cancellationToken);
            featurising += spent;

            var previous = await repository.RankingAsync(projectId, stage, cancellationToken);
            var announced = previous?.AnnouncedIneligible.ToHashSet() ?? [];
            var work = new UnitOfWork();
            // The exclusions one ranking announces are one action of the automation: one correlation id.
            var correlationId = Guid.NewGuid();
            foreach (var ineligible in result.IneligibleByAutomation.Where(r => !announced.Contains(r.ItemId)))
            {
                var document = queue.Mirrored(ineligible.ItemId)!.Value;
                // A reviewer decided it while this rerank ran: automation never excludes what a human decided.
                if (document.Item.Decisions.Count > 0) continue;
                work.Publish(new StudyExcluded
                {
                    ProjectId = projectId, CorrelationId = correlationId, StudyId = document.RecordId, Stage = StageNames.Of(stage), Reason = AutomationReason, ByAutomation = true,
                });
                announced.Add(ineligible.ItemId);
            }

            ScreeningRepository.PutRanking(work, new StoredRanking { ProjectId = projectId, Stage = stage, Result = result, RankedAt = DateTimeOffset.UtcNow, AnnouncedIneligible = [.. announced] });
            await pace.BetweenStepsAsync("order", cancellationToken);
            await repository.CommitAsync(work, cancellationToken);
            await pace.BetweenStepsAsync("write", cancellationToken);
        }

        pace.Finish("end");
        var cost = new RerankCost(time.GetElapsedTime(started), featurising, pace.Rested);
        LogReranked(logger, projectId, cost.Elapsed.TotalMilliseconds, cost.Featurising.TotalMilliseconds, cost.Rested.TotalMilliseconds, Milliseconds(pace.StepNames, pace.Steps.Select(s => (TimeSpan?)s)), Milliseconds(pace.StepNames, pace.StepsCpu));
        return cost;
    }

    private async Task<(RankingResult Result, TimeSpan Featurising)> RankAsync(Guid projectId, ScreeningStage stage, IReadOnlyList<RankingRecord> open, IReadOnlyList<LabelledRecord> labelled, Core.Protocol.ScreeningProtocol protocol, RerankPace pace, CancellationToken cancellationToken)
    {
        // Before the first include and the first exclude the highlight terms order the queue.
        var canTrain = labelled.Any(l => l.Included) && labelled.Any(l => !l.Included);
        // Title/abstract records arrive by import, mostly before anyone screens: their space is
        // prepared then, not on the rerank after the first labels, while the whole team screens.
        // Full-text records arrive one include at a time during screening; featurising each batch
        // before full-text labels exist would add that work to the busy hours for nothing.
        var byTerms = canTrain ? null : termScores.Of(projectId, stage, protocol, open);
        Func<RankingRecord, int>? termScore = byTerms is null ? null : r => byTerms[r.ItemId];
        if (!canTrain && stage != ScreeningStage.TitleAbstract) return (RelevanceRanker.Rank(null, open, labelled, protocol, termScore: termScore), TimeSpan.Zero);
        var prepared = spaces.For(projectId, stage, [.. open, .. labelled.Select(l => l.Record)]);
        await pace.BetweenStepsAsync("features", cancellationToken);
        var spaceFits = spaces.FitsFor(projectId, stage);
        var kept = calibrations.Reusable(projectId, stage, labelled.Count, spaceFits, protocol.AutomationThreshold is not null, time.GetUtcNow(), options.Value);
        var (result, calibration) = await RelevanceRanker.RankAsync(canTrain ? prepared.Space : null, open, labelled, protocol, null, kept, pace.BetweenStepsAsync, cancellationToken, termScore);
        if (calibration is not null && calibration != kept) calibrations.Fitted(projectId, stage, calibration, spaceFits, time.GetUtcNow());
        if (calibration is not null) LogCalibration(logger, projectId, stage, open.Count, labelled.Count, calibration == kept ? "kept" : "fitted", calibration.LabelledCount);
        return (result, prepared.Featurising);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reranked project {ProjectId} in {Milliseconds:F0} ms, of which {FeaturisingMs:F0} ms featurising and {RestedMs:F0} ms resting between steps; the steps worked (ms) {Steps}; on their thread's CPU (ms) {StepsCpu}.")]
    private static partial void LogReranked(ILogger logger, Guid projectId, double milliseconds, double featurisingMs, double restedMs, string steps, string stepsCpu);

    /// <summary>Each step's name and figure ("fit 45, score 12"); "?" where a figure is unknown (RerankPace.StepsCpu).</summary>
    private static string Milliseconds(IReadOnlyList<string> names, IEnumerable<TimeSpan?> steps) =>
        string.Join(", ", steps.Select((s, i) => $"{names[i]} {s?.TotalMilliseconds.ToString("F0") ?? "?"}"));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ranked {Stage} of project {ProjectId}: {Open} open, {Labelled} labelled; Platt mapping {Calibration}, fitted on {CalibratedOn}.")]
    private static partial void LogCalibration(ILogger logger, Guid projectId, ScreeningStage stage, int open, int labelled, string calibration, int calibratedOn);
}

/// <summary>
/// A rerank's time, and the parts of it that are not the rerank's own work on the decisions: fitting or
/// extending feature spaces follows arriving records, and resting between steps (RerankPace) is idle.
/// </summary>
public sealed record RerankCost(TimeSpan Elapsed, TimeSpan Featurising, TimeSpan Rested)
{
    /// <summary>What the worker counts against RankingWorkerOptions.MaxShareOfTime.</summary>
    public TimeSpan Work => Elapsed - Featurising - Rested;
}
