using System.Text.Json;
using EvSysReview.Contracts;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Synthesis.Versions;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>
/// Applies an event to one study's evidence and, only when that changed something, saves it and
/// asks for the project's recomputation in the same commit. A repeated or stale event therefore
/// changes nothing and makes no version.
/// </summary>
public sealed class EvidenceChange(ModuleStore<SynthesisModule> store, RecomputeSignal signal)
{
    public async Task ApplyAsync(IntegrationEvent cause, Guid studyId, UnitOfWork work, Func<EvidenceStudy, EvidenceStudy> change, CancellationToken cancellationToken)
    {
        var key = EvidenceStudy.Key(cause.ProjectId, studyId);
        var stored = await store.GetAsync(EvidenceStudy.Collection, key, cancellationToken);
        var before = stored is null ? EvidenceStudy.New(cause.ProjectId, studyId) : StoreJson.Read<EvidenceStudy>(stored);
        var after = change(before);
        if (Same(before, after)) return;

        work.Put(EvidenceStudy.Collection, key, cause.ProjectId.ToString("N"), after, stored?.Version ?? 0);
        RecomputeRequest.Add(work, cause.ProjectId, Describe(cause, after.Label));
        signal.Notify();
    }

    public void RequestRecomputation(IntegrationEvent cause, UnitOfWork work)
    {
        RecomputeRequest.Add(work, cause.ProjectId, Describe(cause, null));
        signal.Notify();
    }

    // Records holding lists and dictionaries compare by reference; their JSON compares by value.
    private static bool Same(EvidenceStudy a, EvidenceStudy b) =>
        JsonSerializer.Serialize(a, StoreJson.Options) == JsonSerializer.Serialize(b, StoreJson.Options);

    private static string Describe(IntegrationEvent cause, string? study) =>
        study is null ? $"{cause.GetType().Name} {cause.EventId}" : $"{cause.GetType().Name} {cause.EventId} ({study})";
}
