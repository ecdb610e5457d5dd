using System.Collections.Concurrent;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Highlights;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Core.Ranking;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// Each stage's highlight-term scores, kept between reranks. Until a stage has its first include and
/// its first exclude the protocol's terms order it, and every rerank ran every term's regex over every
/// open record again — at full text, every record advanced so far, about every 6 s while the team is
/// still screening titles — although neither the records' text nor the terms had changed. A record's
/// score is kept while the terms it was computed with stay the protocol's; only the records open at
/// the last rerank are kept, so the memory follows the queue. In memory: after a restart the first
/// rerank scores afresh.
/// </summary>
public sealed class TermScores
{
    private readonly ConcurrentDictionary<(Guid, ScreeningStage), Kept> _kept = new();

    /// <summary>Records of this project's stage scored with the terms' regexes since this process started.</summary>
    public long ComputedFor(Guid projectId, ScreeningStage stage) => _kept.TryGetValue((projectId, stage), out var kept) ? kept.Computed : 0;

    /// <summary>The open records' scores under the protocol's current terms: kept ones reused, the others computed.</summary>
    public IReadOnlyDictionary<Guid, int> Of(Guid projectId, ScreeningStage stage, ScreeningProtocol protocol, IReadOnlyList<RankingRecord> open)
    {
        var terms = TermsOf(protocol);
        var previous = _kept.TryGetValue((projectId, stage), out var kept) && kept.Terms == terms ? kept : null;
        var set = previous?.Set ?? HighlightTermSet.For(protocol);
        var scores = new Dictionary<Guid, int>(open.Count);
        var computed = 0;
        foreach (var record in open)
        {
            if (previous is not null && previous.Scores.TryGetValue(record.ItemId, out var score))
            {
                scores[record.ItemId] = score;
                continue;
            }

            scores[record.ItemId] = set.Score(record.Title, record.Abstract);
            computed++;
        }

        _kept[(projectId, stage)] = new Kept(terms, set, scores, (kept?.Computed ?? 0) + computed);
        return scores;
    }

    // The terms as the protocol lists them: a change of either list, or of their order, starts afresh.
    private static string TermsOf(ScreeningProtocol protocol) =>
        string.Join('\n', protocol.IncludeTerms) + "\n\u0001\n" + string.Join('\n', protocol.ExcludeTerms);

    private sealed record Kept(string Terms, HighlightTermSet Set, Dictionary<Guid, int> Scores, long Computed);
}
