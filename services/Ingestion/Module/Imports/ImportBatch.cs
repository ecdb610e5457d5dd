using EvSysReview.Ingestion.Citations;

namespace EvSysReview.Ingestion.Imports;

/// <summary>
/// One uploaded file and how far its import got. RecordsRead counts records and bad records alike
/// (RecordsRead = RecordsImported + Duplicates + ErrorCount once it completed).
/// </summary>
public sealed record ImportBatch
{
    public const string Collection = "imports";

    public required Guid Id { get; init; }

    public required Guid ProjectId { get; init; }

    public required string Source { get; init; }

    public required ImportFormat Format { get; init; }

    public string? FileName { get; init; }

    /// <summary>CSV only: field name → header name, as uploaded in <c>columns</c>; fields left out are detected.</summary>
    public IReadOnlyDictionary<string, string>? CsvColumns { get; init; }

    public required long UploadBytes { get; init; }

    public required ImportStatus Status { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public int RecordsRead { get; init; }

    public int RecordsImported { get; init; }

    public int Duplicates { get; init; }

    public int ErrorCount { get; init; }

    /// <summary>Per record: index (records and errors counted together, from 0), line, position, reason. At most Ingestion:MaxStoredErrors.</summary>
    public IReadOnlyList<RecordError> Errors { get; init; } = [];

    /// <summary>Why a whole import failed (not a record's error).</summary>
    public string? Message { get; init; }
}

public enum ImportStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>Imports not finished yet, across projects, so a restarted worker picks them up again.</summary>
public sealed record PendingImport(Guid ProjectId, Guid ImportId)
{
    public const string Collection = "pending-imports";
    public const string Partition = "pending";
}
