using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Finalisation;
using EvSysReview.Extraction.Forms;
using EvSysReview.Extraction.History;
using EvSysReview.Extraction.Tasks;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Extraction;

/// <summary>A stored document with the version that guards its next conditional write.</summary>
public sealed record Versioned<T>(T Value, long Version);

/// <summary>
/// The queries the extraction service needs. Entries, the consensus entry and the finalised
/// payload are separate documents from the task, so a save touches only what it changes; every
/// write is conditional on the version read.
/// </summary>
public sealed class ExtractionRepository(ModuleStore<ExtractionModule> store, OutboxSignal<ExtractionModule> signal)
{
    public const string Entries = "entries";
    public const string ConsensusEntries = "consensus";

    public async Task<ProjectForm> FormAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(ProjectForm.Collection, projectId.ToString("N"), cancellationToken);
        return stored is null ? ProjectForm.Default(projectId) : StoreJson.Read<ProjectForm>(stored);
    }

    /// <summary>A form version by id: a project's protocol form from the store, else a built-in one.</summary>
    public async Task<ExtractionForm?> FindFormAsync(Guid projectId, string formId, int version, CancellationToken cancellationToken)
    {
        if (formId != ProjectForm.ProtocolFormId) return ExtractionFormCatalog.BuiltIn.Find(formId, version);
        var stored = await store.GetAsync(ProjectForm.VersionsCollection, ProjectForm.VersionKey(projectId, version), cancellationToken);
        return stored is null ? null : StoreJson.Read<ExtractionForm>(stored);
    }

    /// <summary>The form an entry (or consensus) was made with; it exists, since forms are never deleted.</summary>
    public async Task<ExtractionForm> FormOfAsync(Guid projectId, ExtractionEntry entry, CancellationToken cancellationToken) =>
        await FindFormAsync(projectId, entry.FormId, entry.FormVersion, cancellationToken)
        ?? throw new InvalidOperationException($"Form {entry.FormId} version {entry.FormVersion} of project {projectId} is missing.");

    public Task<Versioned<StudyTask>?> TaskAsync(Guid projectId, Guid studyId, CancellationToken cancellationToken) =>
        FindAsync<StudyTask>(StudyTask.Collection, StudyTask.Key(projectId, studyId), cancellationToken);

    public async Task<IReadOnlyList<StudyTask>> TasksAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await store.ListAsync(StudyTask.Collection, projectId.ToString("N"), cancellationToken)).Select(StoreJson.Read<StudyTask>).ToList();

    public Task<Versioned<ExtractionEntry>?> EntryAsync(Guid projectId, Guid studyId, string username, CancellationToken cancellationToken) =>
        FindAsync<ExtractionEntry>(Entries, EntryKey(projectId, studyId, username), cancellationToken);

    public Task<Versioned<ExtractionEntry>?> ConsensusAsync(Guid projectId, Guid studyId, CancellationToken cancellationToken) =>
        FindAsync<ExtractionEntry>(ConsensusEntries, StudyTask.Key(projectId, studyId), cancellationToken);

    public async Task<IReadOnlyList<FinalisedStudy>> FinalisedAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await store.ListAsync(FinalisedStudy.Collection, projectId.ToString("N"), cancellationToken)).Select(StoreJson.Read<FinalisedStudy>).ToList();

    public async Task<IReadOnlyList<HistoryRecord>> HistoryAsync(Guid projectId, Guid studyId, CancellationToken cancellationToken) =>
        (await store.ListAsync(HistoryRecord.Collection, HistoryRecord.Partition(projectId, studyId), cancellationToken))
            .Select(StoreJson.Read<HistoryRecord>)
            .OrderBy(r => r.ChangedAt)
            .ToList();

    public static string EntryKey(Guid projectId, Guid studyId, string username) => $"{projectId:N}:{studyId:N}:{username}";

    public static void PutTask(UnitOfWork work, StudyTask task, long expectedVersion) =>
        work.Put(StudyTask.Collection, StudyTask.Key(task.ProjectId, task.StudyId), task.ProjectId.ToString("N"), task, expectedVersion);

    public static void PutEntry(UnitOfWork work, Guid projectId, Guid studyId, string username, ExtractionEntry entry, long expectedVersion) =>
        work.Put(Entries, EntryKey(projectId, studyId, username), projectId.ToString("N"), entry, expectedVersion);

    public static void PutConsensus(UnitOfWork work, Guid projectId, Guid studyId, ExtractionEntry entry, long expectedVersion) =>
        work.Put(ConsensusEntries, StudyTask.Key(projectId, studyId), projectId.ToString("N"), entry, expectedVersion);

    /// <summary>Commits and wakes the outbox dispatcher when the work published events.</summary>
    public async Task CommitAsync(UnitOfWork work, CancellationToken cancellationToken)
    {
        await store.CommitAsync(work, cancellationToken);
        if (work.Outbox.Count > 0) signal.Notify();
    }

    private async Task<Versioned<T>?> FindAsync<T>(string collection, string id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(collection, id, cancellationToken);
        return stored is null ? null : new Versioned<T>(StoreJson.Read<T>(stored), stored.Version);
    }
}
