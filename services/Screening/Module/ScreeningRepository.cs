using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Protocol;
using EvSysReview.Screening.Queue;
using EvSysReview.Screening.Ranking;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Screening;

/// <summary>A stored document with the version that guards its next conditional write.</summary>
public sealed record Versioned<T>(T Value, long Version);

/// <summary>The queries the screening service needs; every item write is conditional on the version it started from, read or mirrored.</summary>
public sealed class ScreeningRepository(ModuleStore<ScreeningModule> store, OutboxSignal<ScreeningModule> signal, ScreeningQueues queues, SettingsMirror settingsMirror)
{
    /// <summary>The project's settings to work under: from the mirror on a store only this process writes (SettingsMirror).</summary>
    public async Task<ProjectSettings> SettingsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (store.ProcessLocal && settingsMirror.Of(projectId) is { } mirrored) return mirrored.Value;
        return (await SettingsVersionedAsync(projectId, cancellationToken))?.Value ?? ProjectSettings.Default(projectId);
    }

    /// <summary>The settings as stored, read from the store for a conditional write (so a writer never trusts a mirror); the mirror takes what was read.</summary>
    public async Task<Versioned<ProjectSettings>?> SettingsVersionedAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var stored = await FindAsync<ProjectSettings>(ProjectSettings.Collection, ProjectSettings.Key(projectId), cancellationToken);
        if (stored is not null && store.ProcessLocal) settingsMirror.Put(stored.Value, stored.Version);
        return stored;
    }

    public Task<Versioned<ItemDocument>?> ItemAsync(Guid projectId, Guid itemId, CancellationToken cancellationToken) =>
        FindAsync<ItemDocument>(ItemDocument.Collection, ItemDocument.Key(projectId, itemId), cancellationToken);

    public Task<Versioned<ItemDocument>?> ItemAsync(Guid projectId, Guid recordId, ScreeningStage stage, CancellationToken cancellationToken) =>
        ItemAsync(projectId, ItemDocument.ItemIdFor(recordId, stage), cancellationToken);

    /// <summary>
    /// Every item of the project as last committed. On a store only this process writes (SQLite)
    /// from the queue's mirror, which every commit passes through: a statistics request over 70,000
    /// items took 1.2–2.0 s reading and parsing them from the store, 0.10–0.22 s from the mirror
    /// (living-load's "statistics page" line). On a shared store (MongoDB) from the store.
    /// </summary>
    public async Task<IReadOnlyList<ItemDocument>> ItemsAsync(Guid projectId, CancellationToken cancellationToken) =>
        store.ProcessLocal
            ? (await QueueAsync(projectId, cancellationToken)).Items()
            : (await StoredItemsAsync(projectId, cancellationToken)).Select(i => i.Value).ToList();

    public async Task<IReadOnlyList<Versioned<ItemDocument>>> StoredItemsAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await store.ListAsync(ItemDocument.Collection, projectId.ToString("N"), cancellationToken))
            .Select(d => new Versioned<ItemDocument>(StoreJson.Read<ItemDocument>(d), d.Version)).ToList();

    /// <summary>
    /// The item as the project's queue mirrors it, when the queue is loaded and the store is one only
    /// this process writes (SQLite): then every committed write passed through the mirror, and a
    /// command can start from it instead of reading and parsing the item again. On a shared store
    /// (MongoDB) another process may have written since, so commands read the store.
    /// </summary>
    public Versioned<ItemDocument>? MirroredItem(Guid projectId, Guid itemId) =>
        store.ProcessLocal ? queues.Loaded(projectId)?.Mirrored(itemId) : null;

    /// <summary>
    /// The stage's last ranking. On a store only this process writes, from the queue's mirror, which
    /// every committed ranking passes through: the stored document lists every open item (3 MB at
    /// 70,000), and the ranking worker and statistics read and parsed it on every rerank and
    /// request. On a shared store (MongoDB) from the store.
    /// </summary>
    public async Task<StoredRanking?> RankingAsync(Guid projectId, ScreeningStage stage, CancellationToken cancellationToken) =>
        store.ProcessLocal
            ? (await QueueAsync(projectId, cancellationToken)).StoredRankingOf(stage)
            : await StoredRankingAsync(projectId, stage, cancellationToken);

    /// <summary>The stage's ranking as stored (what a queue loads from).</summary>
    public async Task<StoredRanking?> StoredRankingAsync(Guid projectId, ScreeningStage stage, CancellationToken cancellationToken) =>
        (await FindAsync<StoredRanking>(StoredRanking.Collection, StoredRanking.Key(projectId, stage), cancellationToken))?.Value;

    public static void PutItem(UnitOfWork work, ItemDocument item, long expectedVersion) =>
        work.Put(ItemDocument.Collection, ItemDocument.Key(item.ProjectId, item.ItemId), item.ProjectId.ToString("N"), item, expectedVersion);

    public static void PutSettings(UnitOfWork work, ProjectSettings settings, long expectedVersion) =>
        work.Put(ProjectSettings.Collection, ProjectSettings.Key(settings.ProjectId), settings.ProjectId.ToString("N"), settings, expectedVersion);

    public static void PutRanking(UnitOfWork work, StoredRanking ranking) =>
        work.Put(StoredRanking.Collection, StoredRanking.Key(ranking.ProjectId, ranking.Stage), ranking.ProjectId.ToString("N"), ranking, null);

    /// <summary>Commits, brings the in-memory queues up to date and wakes the outbox dispatcher when the work published events.</summary>
    public async Task CommitAsync(UnitOfWork work, CancellationToken cancellationToken)
    {
        await store.CommitAsync(work, cancellationToken);
        queues.Committed(work);
        if (work.Outbox.Count > 0) signal.Notify();
    }

    /// <summary>The project's in-memory queue, loaded from the store on first use.</summary>
    public Task<ProjectQueue> QueueAsync(Guid projectId, CancellationToken cancellationToken) => queues.ForAsync(projectId, this, cancellationToken);

    private async Task<Versioned<T>?> FindAsync<T>(string collection, string id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(collection, id, cancellationToken);
        return stored is null ? null : new Versioned<T>(StoreJson.Read<T>(stored), stored.Version);
    }
}
