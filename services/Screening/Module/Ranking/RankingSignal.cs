using System.Collections.Concurrent;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// Which projects changed since their last ranking, and how much: the debounce the ranking worker
/// reads. In memory on purpose: after a restart the stored ranking still orders the queue, and the
/// next decision or import marks the project again.
/// </summary>
public sealed class RankingSignal
{
    private readonly ConcurrentDictionary<Guid, Pending> _pending = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastTaken = new();

    public void Changed(Guid projectId, int finalDecisions = 0) =>
        _pending.AddOrUpdate(
            projectId,
            _ => new Pending(finalDecisions, DateTimeOffset.UtcNow),
            (_, p) => p with { FinalDecisions = p.FinalDecisions + finalDecisions });

    /// <summary>
    /// Projects due for a rerank (removed from the pending set): enough new final decisions or the
    /// first change long enough ago, and not reranked within <paramref name="minInterval"/>. The
    /// interval keeps a busy team from retraining nonstop: on a small machine each rerank takes both
    /// cores for a moment, and every reviewer's `next` waited behind it.
    /// </summary>
    public IReadOnlyList<Guid> TakeDue(int minFinalDecisions, TimeSpan maxDelay, DateTimeOffset now, TimeSpan minInterval = default)
    {
        var due = new List<Guid>();
        foreach (var (projectId, pending) in _pending)
        {
            if (_lastTaken.TryGetValue(projectId, out var last) && now - last < minInterval) continue;
            if ((pending.FinalDecisions >= minFinalDecisions || now - pending.Since >= maxDelay) && _pending.TryRemove(projectId, out _))
            {
                _lastTaken[projectId] = now;
                due.Add(projectId);
            }
        }

        return due;
    }

    private sealed record Pending(int FinalDecisions, DateTimeOffset Since);
}
