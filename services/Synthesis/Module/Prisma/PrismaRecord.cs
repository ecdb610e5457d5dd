namespace EvSysReview.Synthesis.Prisma;

/// <summary>
/// What the other services said about one record, for the PRISMA 2020 flow: where it came from,
/// whether it was a duplicate or set apart by automation, and its final decisions per stage.
/// Facts only accumulate (an event sets its flag), so order of arrival does not matter, except
/// inclusion, which the later of StudyIncluded/StudyExcluded decides. Counting rules: PrismaSums.Add.
/// </summary>
public sealed record PrismaRecord
{
    public const string Collection = "prisma-records";
    public const string TitleAbstract = "title-abstract";
    public const string FullText = "full-text";

    public required Guid ProjectId { get; init; }

    public required Guid RecordId { get; init; }

    public string? Source { get; init; }

    /// <summary>CitationImported: the record opened a new citation (a cluster's primary record).</summary>
    public bool Imported { get; init; }

    /// <summary>DuplicateDetected: the record joined an existing cluster and is not screened.</summary>
    public bool Duplicate { get; init; }

    public bool IneligibleByAutomation { get; init; }

    /// <summary>"include" or "exclude": the final title/abstract decision (ConflictResolved, RecordAdvanced, StudyExcluded).</summary>
    public string? TitleAbstractFinal { get; init; }

    /// <summary>RecordAdvanced: the full text was sought.</summary>
    public bool Advanced { get; init; }

    /// <summary>"include" or "exclude": the final full-text decision.</summary>
    public string? FullTextFinal { get; init; }

    public string? ExclusionReason { get; init; }

    public bool Included { get; init; }

    public DateTimeOffset? InclusionChangedAt { get; init; }

    public bool Retracted { get; init; }

    public static string Key(Guid projectId, Guid recordId) => $"{projectId:N}:{recordId:N}";

    public static PrismaRecord New(Guid projectId, Guid recordId) => new() { ProjectId = projectId, RecordId = recordId };
}

/// <summary>ImportCompleted, kept per import to reconcile against the per-record counts.</summary>
public sealed record PrismaImport(Guid ProjectId, Guid ImportId, string Source, int RecordsRead, int RecordsImported, int Duplicates, int Errors, DateTimeOffset CompletedAt, bool Failed = false)
{
    public const string Collection = "prisma-imports";

    public static string Key(Guid projectId, Guid importId) => $"{projectId:N}:{importId:N}";
}
