using EvSysReview.Extraction.Core.Lifecycle;

namespace EvSysReview.Extraction.Tasks;

/// <summary>
/// The stored extraction task of one included study: the core lifecycle state plus what the
/// service needs to label the study and to keep events in order.
/// </summary>
public sealed record StudyTask
{
    public const string Collection = "tasks";

    public required Guid ProjectId { get; init; }

    public required Guid StudyId { get; init; }

    /// <summary>"Smith 2021", from the citation in StudyIncluded.</summary>
    public required string StudyLabel { get; init; }

    public int? Year { get; init; }

    public string? Title { get; init; }

    public required ExtractionTask Lifecycle { get; init; }

    /// <summary>When the study was included; null for a task first known from a StudyWithdrawn that overtook it.</summary>
    public DateTimeOffset? IncludedAt { get; init; }

    public DateTimeOffset? ExcludedAt { get; init; }

    public static string Key(Guid projectId, Guid studyId) => $"{projectId:N}:{studyId:N}";

    public ExtractionStatus Status => Lifecycle.Status;

    public IReadOnlyList<string> Extractors => Lifecycle.Extractors;

    /// <summary>
    /// Extractors are blinded to each other until every extraction the mode needs is submitted;
    /// until then no endpoint shows anyone's entry but the caller's own.
    /// </summary>
    public bool IsBlinded => Status is ExtractionStatus.TaskCreated or ExtractionStatus.InProgress;
}
