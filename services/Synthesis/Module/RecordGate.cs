using EvSysReview.Synthesis.Prisma;

namespace EvSysReview.Synthesis;

/// <summary>
/// What synthesis' consumers serialise on (IdempotentConsumer.SerializeOn): events about one record
/// or study (its PRISMA facts, its shard's PRISMA sums, its evidence) are applied one at a time in
/// this process, per shard of records, so two of them never race for the same document (the loser
/// would conflict and be retried). Across processes the versioned writes still guard.
/// </summary>
public static class RecordGate
{
    public static Guid Key(Guid projectId, Guid recordId)
    {
        Span<byte> bytes = stackalloc byte[16];
        projectId.TryWriteBytes(bytes);
        bytes[15] ^= (byte)(PrismaSums.ShardOf(recordId) + 1);
        bytes[14] ^= 0x5A; // apart from the project id itself, which other consumers may serialise on
        return new Guid(bytes);
    }
}
