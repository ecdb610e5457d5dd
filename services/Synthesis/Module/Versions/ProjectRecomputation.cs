using System.Security.Cryptography;
using System.Text.Json;
using EvSysReview.Contracts.Synthesis;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Synthesis.Evidence;

namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// Recomputes one project for its pending request. When the analyses differ from the latest
/// version's, writes the next version, moves the current pointer, deletes the request and
/// publishes SynthesisUpdated, all in one commit. When they do not (a duplicate or stale event,
/// an included study not extracted yet), only the request is deleted: no version.
/// </summary>
public sealed class ProjectRecomputation(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> outbox, TimeProvider clock)
{
    /// <param name="pending">The project's pending recompute requests, as read; exactly these are deleted.</param>
    /// <returns>The new version, or null when nothing changed or another writer got there first.</returns>
    public async Task<SynthesisVersion?> RunAsync(Guid projectId, IReadOnlyList<StoredDocument> pending, CancellationToken cancellationToken)
    {
        var requests = pending.Select(StoreJson.Read<RecomputeRequest>).ToList();
        var partition = projectId.ToString("N");
        var planDocument = await store.GetAsync(SynthesisPlan.Collection, SynthesisPlan.Key(projectId), cancellationToken);
        var plan = planDocument is null ? SynthesisPlan.Default(projectId) : StoreJson.Read<SynthesisPlan>(planDocument);
        var evidence = (await store.ListAsync(EvidenceStudy.Collection, partition, cancellationToken)).Select(StoreJson.Read<EvidenceStudy>);
        var analyses = SynthesisRecomputation.Compute(plan, evidence);
        var fingerprint = Fingerprint(analyses);

        var currentDocument = await store.GetAsync(CurrentSynthesis.Collection, CurrentSynthesis.Key(projectId), cancellationToken);
        var current = currentDocument is null ? null : StoreJson.Read<CurrentSynthesis>(currentDocument);
        var work = new UnitOfWork();
        foreach (var request in pending) work.Delete(RecomputeRequest.Collection, request.Id, RecomputeRequest.Partition, request.Version);
        if ((current?.Fingerprint ?? Fingerprint([])) == fingerprint)
        {
            await CommitAsync(work, cancellationToken);
            return null;
        }

        var previous = current is null ? [] : (await VersionRepository.FindAsync(store, projectId, current.Version, cancellationToken))?.Analyses ?? [];
        var number = (current?.Version ?? 0) + 1;
        var diff = VersionDiff.Between(current?.Version ?? 0, previous, number, analyses);
        var version = new SynthesisVersion
        {
            ProjectId = projectId,
            Version = number,
            CreatedAt = clock.GetUtcNow(),
            Cause = string.Join("; ", RecomputeRequest.CausesOf(requests)),
            Summary = diff.Summary,
            Fingerprint = fingerprint,
            ProtocolVersion = plan.ProtocolVersion,
            Analyses = analyses,
        };
        work.Put(SynthesisVersion.Collection, SynthesisVersion.Key(projectId, number), partition, version, 0)
            .Put(CurrentSynthesis.Collection, CurrentSynthesis.Key(projectId), partition, new CurrentSynthesis(projectId, number, fingerprint), currentDocument?.Version ?? 0)
            .Publish(new SynthesisUpdated { ProjectId = projectId, Version = number, Summary = diff.Summary, Cause = version.Cause });
        if (!await CommitAsync(work, cancellationToken)) return null;
        outbox.Notify();
        return version;
    }

    // Hashes the UTF-8 the serializer writes (the same bytes as encoding its string, so fingerprints
    // of versions written before stay comparable) without the intermediate UTF-16 string.
    public static string Fingerprint(IReadOnlyList<Analysis> analyses) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(analyses, StoreJson.Options)));

    // A conflict means a consumer added a cause meanwhile (the request moved on) or another process
    // wrote this version: either way the request is still there and the next round recomputes.
    private async Task<bool> CommitAsync(UnitOfWork work, CancellationToken cancellationToken)
    {
        try
        {
            await store.CommitAsync(work, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }
}
