using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Versions;

/// <summary>The reads the version endpoints and plots need.</summary>
public sealed class VersionRepository(ModuleStore<SynthesisModule> store)
{
    public static async Task<SynthesisVersion?> FindAsync(IDocumentStore store, Guid projectId, int version, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(SynthesisVersion.Collection, SynthesisVersion.Key(projectId, version), cancellationToken);
        return stored is null ? null : StoreJson.Read<SynthesisVersion>(stored);
    }

    public Task<SynthesisVersion?> FindAsync(Guid projectId, int version, CancellationToken cancellationToken) => FindAsync(store, projectId, version, cancellationToken);

    /// <summary>The latest version, or null before the first.</summary>
    public async Task<SynthesisVersion?> CurrentAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(CurrentSynthesis.Collection, CurrentSynthesis.Key(projectId), cancellationToken);
        return current is null ? null : await FindAsync(projectId, StoreJson.Read<CurrentSynthesis>(current).Version, cancellationToken);
    }

    public async Task<IReadOnlyList<SynthesisVersion>> ListAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await store.ListAsync(SynthesisVersion.Collection, projectId.ToString("N"), cancellationToken))
            .Select(StoreJson.Read<SynthesisVersion>)
            .OrderBy(v => v.Version)
            .ToList();
}
