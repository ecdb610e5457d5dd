namespace EvSysReview.Screening.Items;

/// <summary>A CitationRetracted that arrived before its CitationImported (ordering is not assumed).</summary>
public sealed record PendingRetraction(Guid ProjectId, Guid RecordId, DateTimeOffset RetractedAt)
{
    public const string Collection = "pending-retractions";

    public static string Key(Guid projectId, Guid recordId) => $"{projectId:N}:{recordId:N}";
}
