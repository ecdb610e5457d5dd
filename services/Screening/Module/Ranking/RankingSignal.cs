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
    private readonly ConcurrentDictionary<Guid, TimeSpan> _cooldown = new();

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
            var interval = _cooldown.TryGetValue(projectId, out var cooldown) && cooldown > minInterval ? cooldown : minInterval;
            if (_lastTaken.TryGetValue(projectId, out var last) && now - last < interval) continue;
            if ((pending.FinalDecisions >= minFinalDecisions || now - pending.Since >= maxDelay) && _pending.TryRemove(projectId, out _))
            {
                _lastTaken[projectId] = now;
                due.Add(projectId);
            }
        }

        return due;
    }

    /// <summary>
    /// Records how long a project's rerank took: its next one waits at least that long divided by
    /// <paramref name="maxShareOfTime"/>, so retraining a large project under a busy team takes at most
    /// that share of the time (a 1.5 s rerank at 0.1 waits 15 s) while a small project still reranks
    /// every MinInterval.
    /// </summary>
    public void Ranked(Guid projectId, TimeSpan took, double maxShareOfTime) =>
        _cooldown[projectId] = maxShareOfTime is > 0 and < 1 ? took / maxShareOfTime : TimeSpan.Zero;

    private sealed record Pending(int FinalDecisions, DateTimeOffset Since);
}
