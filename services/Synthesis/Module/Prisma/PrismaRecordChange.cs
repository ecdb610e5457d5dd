using EvSysReview.Contracts;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Prisma;

/// <summary>
/// Applies an event to one record's PRISMA facts, writing only when something changed, and moves its
/// shard's sums by the record's counts after minus before in the same commit. Consumers that call it
/// serialise on <see cref="RecordGate"/>.
/// </summary>
public sealed class PrismaRecordChange(ModuleStore<SynthesisModule> store)
{
    public async Task ApplyAsync(IntegrationEvent cause, Guid recordId, UnitOfWork work, Func<PrismaRecord, PrismaRecord> change, CancellationToken cancellationToken)
    {
        var key = PrismaRecord.Key(cause.ProjectId, recordId);
        var stored = await store.GetAsync(PrismaRecord.Collection, key, cancellationToken);
        var before = stored is null ? PrismaRecord.New(cause.ProjectId, recordId) : StoreJson.Read<PrismaRecord>(stored);
        var after = change(before);
        if (stored is not null && after == before) return; // flat record of scalars: value equality holds
        var partition = cause.ProjectId.ToString("N");
        work.Put(PrismaRecord.Collection, key, partition, after, stored?.Version ?? 0);

        var shard = PrismaSums.ShardOf(recordId);
        var sumsKey = PrismaSums.Key(cause.ProjectId, shard);
        var storedSums = await store.GetAsync(PrismaSums.Collection, sumsKey, cancellationToken);
        var sums = storedSums is null ? new PrismaSums { ProjectId = cause.ProjectId, Shard = shard } : StoreJson.Read<PrismaSums>(storedSums);
        sums.Change(stored is null ? null : before, after);
        work.Put(PrismaSums.Collection, sumsKey, partition, sums, storedSums?.Version ?? 0);
    }
}
