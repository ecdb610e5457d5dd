namespace EvSysReview.Screening.Core.Queue;

/// <summary>A short reservation of an item for the reviewer reading it; it lapses at ExpiresAt.</summary>
public sealed record ItemLease(Guid ItemId, string ReviewerId, DateTimeOffset ExpiresAt)
{
    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt > now;
}
