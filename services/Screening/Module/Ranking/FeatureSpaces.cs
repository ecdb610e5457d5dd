using System.Collections.Concurrent;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;
using Microsoft.Extensions.Logging;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// The TF-IDF space of each project and stage, kept between reranks: fitting it is the slow part
/// (70,000 records of PubMed length: 8 s alone on two cores, 26 s beside 50 busy reviewers;
/// docs/screening.md), training and ranking are not. The ranking worker prepares it as soon as
/// records arrive, before anyone has labelled one, so the first classifier ranking does not wait
/// for it and the fit does not compete with the team's first hour of screening. Records that
/// arrive later are featurised with the kept vocabulary and IDF (TextFeatureSpace.WithRecords);
/// once the records added that way reach half of those the space was fitted on, it is refitted so
/// that new words count and the IDF follows the corpus. Only the ranking worker uses it, one
/// project at a time, so a space is never built twice at once.
/// </summary>
public sealed partial class FeatureSpaces(ILogger<FeatureSpaces> logger)
{
    private readonly ConcurrentDictionary<(Guid, ScreeningStage), Kept> _spaces = new();

    /// <summary>
    /// The project's space for the stage holding these records, and how long featurising took in
    /// this call (zero when the kept space already held them all).
    /// </summary>
    public PreparedSpace For(Guid projectId, ScreeningStage stage, IReadOnlyCollection<RankingRecord> records)
    {
        var key = (projectId, stage);
        var took = System.Diagnostics.Stopwatch.StartNew();
        if (_spaces.TryGetValue(key, out var kept))
        {
            var missing = records.Where(r => !kept.Space.Contains(r.ItemId)).ToList();
            if (missing.Count == 0) return new PreparedSpace(kept.Space, TimeSpan.Zero);
            if (kept.Space.Count + missing.Count - kept.FittedOn < kept.FittedOn / 2)
            {
                kept = kept with { Space = kept.Space.WithRecords(missing) };
                _spaces[key] = kept;
                return new PreparedSpace(kept.Space, took.Elapsed);
            }
        }

        var space = TextFeatureSpace.Fit(records);
        _spaces[key] = new Kept(space, space.Count, (kept?.Fits ?? 0) + 1);
        LogFitted(logger, projectId, stage, space.Count, space.Dimension, took.Elapsed.TotalSeconds);
        return new PreparedSpace(space, took.Elapsed);
    }

    /// <summary>
    /// How many times the project's space for the stage was fitted from scratch (tests show reranks
    /// extend it instead). Per project: other projects' reranks run in the same host at any time.
    /// </summary>
    public int FitsFor(Guid projectId, ScreeningStage stage) => _spaces.TryGetValue((projectId, stage), out var kept) ? kept.Fits : 0;

    [LoggerMessage(Level = LogLevel.Information, Message = "Fitted the TF-IDF space of project {ProjectId} ({Stage}) on {Records} records, {Terms} terms, in {Seconds:F1} s.")]
    private static partial void LogFitted(ILogger logger, Guid projectId, ScreeningStage stage, int records, int terms, double seconds);

    private sealed record Kept(TextFeatureSpace Space, int FittedOn, int Fits);
}

/// <summary>A project's feature space, and the time the call that returned it spent fitting or extending it.</summary>
public sealed record PreparedSpace(TextFeatureSpace Space, TimeSpan Featurising);
