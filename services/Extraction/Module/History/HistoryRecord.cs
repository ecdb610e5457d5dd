using EvSysReview.Extraction.Core.Audit;

namespace EvSysReview.Extraction.History;

/// <summary>
/// One attributed change to a study's extraction, kept for good: an entry or the consensus saved
/// (every changed path with old and new value) or the task moving on (status old → new).
/// </summary>
/// <param name="Subject">"entry:{username}", "consensus" or "task".</param>
/// <param name="Action">entrySaved, consensusSaved, taskCreated, extractionStarted, submitted, consensusBegun, finalised, reopened, withdrawn.</param>
public sealed record HistoryRecord(
    Guid StudyId,
    string Subject,
    string Action,
    string ChangedBy,
    DateTimeOffset ChangedAt,
    IReadOnlyList<AuditChange> Changes,
    string? Reason = null)
{
    public const string Collection = "history";

    public const string TaskSubject = "task";

    public const string ConsensusSubject = "consensus";

    public static string EntrySubject(string username) => $"entry:{username}";

    /// <summary>All of a study's records share one partition, so its history is one query.</summary>
    public static string Partition(Guid projectId, Guid studyId) => $"{projectId:N}:{studyId:N}";

    public static HistoryRecord FromAudit(Guid studyId, string subject, string action, AuditRecord audit) =>
        new(studyId, subject, action, audit.ChangedBy, audit.ChangedAt, audit.Changes);
}
