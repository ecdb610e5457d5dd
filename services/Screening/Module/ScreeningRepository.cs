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

/// <summary>The queries the screening service needs; every item write is conditional on the version read.</summary>
public sealed class ScreeningRepository(ModuleStore<ScreeningModule> store, OutboxSignal<ScreeningModule> signal, ScreeningQueues queues)
{
    public async Task<ProjectSettings> SettingsAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await SettingsVersionedAsync(projectId, cancellationToken))?.Value ?? ProjectSettings.Default(projectId);

    public Task<Versioned<ProjectSettings>?> SettingsVersionedAsync(Guid projectId, CancellationToken cancellationToken) =>
        FindAsync<ProjectSettings>(ProjectSettings.Collection, ProjectSettings.Key(projectId), cancellationToken);

    public Task<Versioned<ItemDocument>?> ItemAsync(Guid projectId, Guid itemId, CancellationToken cancellationToken) =>
        FindAsync<ItemDocument>(ItemDocument.Collection, ItemDocument.Key(projectId, itemId), cancellationToken);

    public Task<Versioned<ItemDocument>?> ItemAsync(Guid projectId, Guid recordId, ScreeningStage stage, CancellationToken cancellationToken) =>
        ItemAsync(projectId, ItemDocument.ItemIdFor(recordId, stage), cancellationToken);

    public async Task<IReadOnlyList<ItemDocument>> ItemsAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await store.ListAsync(ItemDocument.Collection, projectId.ToString("N"), cancellationToken)).Select(StoreJson.Read<ItemDocument>).ToList();

    public Task<Versioned<StoredRanking>?> RankingAsync(Guid projectId, ScreeningStage stage, CancellationToken cancellationToken) =>
        FindAsync<StoredRanking>(StoredRanking.Collection, StoredRanking.Key(projectId, stage), cancellationToken);

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
