namespace EvSysReview.Extraction.Core.Lifecycle;

/// <summary>The extraction of one study: where it stands and who has done what.</summary>
public sealed record ExtractionTask
{
    public required string StudyId { get; init; }

    public required ExtractionMode Mode { get; init; }

    public ExtractionStatus Status { get; init; } = ExtractionStatus.TaskCreated;

    /// <summary>Extractors who started, in order.</summary>
    public IReadOnlyList<string> Extractors { get; init; } = [];

    public IReadOnlyList<string> Submitted { get; init; } = [];

    /// <summary>How many times it was finalised: 2 and up means corrected after a reopen.</summary>
    public int TimesFinalised { get; init; }

    /// <summary>Where a withdrawn task stood when it was withdrawn; null for one withdrawn before it existed.</summary>
    public ExtractionStatus? StatusBeforeWithdrawal { get; init; }

    /// <summary>Why it was last reopened, withdrawn or reinstated.</summary>
    public string? Reason { get; init; }

    /// <summary>Extractions the mode needs before consensus: two, or one to verify.</summary>
    public int RequiredExtractions => Mode == ExtractionMode.DualIndependent ? 2 : 1;

    /// <summary>A task as created when the study is included.</summary>
    public static ExtractionTask Create(string studyId, ExtractionMode mode) => new() { StudyId = studyId, Mode = mode };
}
