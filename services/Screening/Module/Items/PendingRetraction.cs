namespace EvSysReview.Screening.Items;

/// <summary>
/// Per record: whether a CitationRetracted arrived before its CitationImported (ordering is not
/// assumed). Both consumers write this document conditionally, so when the two messages are
/// applied at the same moment one of the commits fails and is retried on fresh state instead of
/// each missing the other.
/// </summary>
public sealed record PendingRetraction(Guid ProjectId, Guid RecordId, bool Retracted)
{
    public const string Collection = "record-retractions";

    public static string Key(Guid projectId, Guid recordId) => $"{projectId:N}:{recordId:N}";
}
