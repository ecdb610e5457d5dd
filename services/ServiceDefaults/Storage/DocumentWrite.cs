namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// A conditional write. ExpectedVersion 0 means "must not exist yet"; a positive value means "must
/// still be at this version"; null means "write whatever is there" (only for read models that are
/// rebuilt from events and guard ordering themselves).
/// </summary>
public sealed record DocumentWrite(string Collection, string Id, string Partition, string? Json, long? ExpectedVersion)
{
    public bool IsDelete => Json is null;
}
