using System.Collections.Concurrent;
using System.Text.Json;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Protocol;
using EvSysReview.Screening.Ranking;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Screening.Queue;

/// <summary>
/// The in-memory queue of each project this process has served. A project's queue is made on first
/// use (and so again after a restart) from one read of its items and rankings; from then on every
/// committed unit of work of the module passes through Committed, which applies its item and ranking
/// writes. The queue is registered before the store is read, so a write committed while the project
/// loads is not lost: both paths merge by store version. The store stays the source of truth: a
/// command commits conditionally on the version it started from, mirrored or read.
/// </summary>
public sealed class ScreeningQueues(SettingsMirror settings)
{
    private readonly ConcurrentDictionary<Guid, Lazy<Loading>> _projects = new();

    public async Task<ProjectQueue> ForAsync(Guid projectId, ScreeningRepository repository, CancellationToken cancellationToken)
    {
        var loading = _projects.GetOrAdd(projectId, _ => new Lazy<Loading>(() => new Loading(new ProjectQueue()))).Value;
        await loading.EnsureLoadedAsync(projectId, repository, cancellationToken);
        return loading.Queue;
    }

    /// <summary>The queue if this process has loaded (or is loading) it; writes to other projects need no mirror yet.</summary>
    public ProjectQueue? Loaded(Guid projectId) => _projects.TryGetValue(projectId, out var loading) ? loading.Value.Queue : null;

    /// <summary>Applies a committed unit of work's item and ranking writes to the queues that mirror them, and its settings writes to the settings mirror.</summary>
    public void Committed(UnitOfWork work)
    {
        foreach (var write in work.Writes)
        {
            // Items and settings are always written conditionally (PutItem, PutSettings), so their new
            // version is known; rankings are not versioned in the mirror.
            if (write.IsDelete) continue;
            if (write.Collection == ItemDocument.Collection && write.CommittedVersion is { } itemVersion)
            {
                var item = Written<ItemDocument>(write);
                Loaded(item.ProjectId)?.Put(item, itemVersion);
            }
            else if (write.Collection == ProjectSettings.Collection && write.CommittedVersion is { } settingsVersion)
            {
                settings.Put(Written<ProjectSettings>(write), settingsVersion);
            }
            else if (write.Collection == StoredRanking.Collection)
            {
                var ranking = Written<StoredRanking>(write);
                Loaded(ranking.ProjectId)?.Ranked(ranking);
            }
        }
    }

    /// <summary>Forgets every queue, as a restart does (tests use it to show the rebuild).</summary>
    public void Forget() => _projects.Clear();

    /// <summary>The object the write was made from; parsed back from its JSON only if it came without one.</summary>
    private static T Written<T>(DocumentWrite write)
        where T : class =>
        write.Value as T ?? JsonSerializer.Deserialize<T>(write.Utf8Json!, StoreJson.Options)!;

    private sealed class Loading(ProjectQueue queue)
    {
        private readonly SemaphoreSlim _once = new(1, 1);
        private volatile bool _loaded;

        public ProjectQueue Queue => queue;

        public async Task EnsureLoadedAsync(Guid projectId, ScreeningRepository repository, CancellationToken cancellationToken)
        {
            if (_loaded) return;
            await _once.WaitAsync(cancellationToken);
            try
            {
                if (_loaded) return;
                var items = await repository.StoredItemsAsync(projectId, cancellationToken);
                var rankings = new Dictionary<ScreeningStage, StoredRanking>();
                foreach (var stage in new[] { ScreeningStage.TitleAbstract, ScreeningStage.FullText })
                {
                    if (await repository.StoredRankingAsync(projectId, stage, cancellationToken) is { } stored) rankings[stage] = stored;
                }

                queue.Load(items, rankings);
                _loaded = true;
            }
            finally
            {
                _once.Release();
            }
        }
    }
}
