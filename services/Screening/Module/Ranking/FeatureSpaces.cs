using System.Collections.Concurrent;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// The TF-IDF space of each project and stage, kept between reranks: fitting it is the slow part
/// (about 14 s on 20k records, docs/screening.md), training and ranking are not. Records that
/// arrive later are featurised with the kept vocabulary and IDF (TextFeatureSpace.WithRecords);
/// once the records added that way reach half of those the space was fitted on, it is refitted so
/// that new words count and the IDF follows the corpus. Only the ranking worker uses it, one
/// project at a time, so a space is never built twice at once.
/// </summary>
public sealed class FeatureSpaces
{
    private readonly ConcurrentDictionary<(Guid, ScreeningStage), Kept> _spaces = new();

    public TextFeatureSpace For(Guid projectId, ScreeningStage stage, IReadOnlyCollection<RankingRecord> records)
    {
        var key = (projectId, stage);
        if (_spaces.TryGetValue(key, out var kept))
        {
            var missing = records.Where(r => !kept.Space.Contains(r.ItemId)).ToList();
            if (missing.Count == 0) return kept.Space;
            if (kept.Space.Count + missing.Count - kept.FittedOn < kept.FittedOn / 2)
            {
                kept = kept with { Space = kept.Space.WithRecords(missing) };
                _spaces[key] = kept;
                return kept.Space;
            }
        }

        var space = TextFeatureSpace.Fit(records);
        _spaces[key] = new Kept(space, space.Count, (kept?.Fits ?? 0) + 1);
        return space;
    }

    /// <summary>
    /// How many times the project's space for the stage was fitted from scratch (tests show reranks
    /// extend it instead). Per project: other projects' reranks run in the same host at any time.
    /// </summary>
    public int FitsFor(Guid projectId, ScreeningStage stage) => _spaces.TryGetValue((projectId, stage), out var kept) ? kept.Fits : 0;

    private sealed record Kept(TextFeatureSpace Space, int FittedOn, int Fits);
}
