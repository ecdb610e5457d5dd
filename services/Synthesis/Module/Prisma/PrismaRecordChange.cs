using EvSysReview.Contracts;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Prisma;

/// <summary>Applies an event to one record's PRISMA facts, writing only when something changed.</summary>
public sealed class PrismaRecordChange(ModuleStore<SynthesisModule> store)
{
    public async Task ApplyAsync(IntegrationEvent cause, Guid recordId, UnitOfWork work, Func<PrismaRecord, PrismaRecord> change, CancellationToken cancellationToken)
    {
        var key = PrismaRecord.Key(cause.ProjectId, recordId);
        var stored = await store.GetAsync(PrismaRecord.Collection, key, cancellationToken);
        var before = stored is null ? PrismaRecord.New(cause.ProjectId, recordId) : StoreJson.Read<PrismaRecord>(stored);
        var after = change(before);
        if (stored is not null && after == before) return; // flat record of scalars: value equality holds
        work.Put(PrismaRecord.Collection, key, cause.ProjectId.ToString("N"), after, stored?.Version ?? 0);
    }
}
