namespace EvSysReview.Contracts.Extraction;

/// <summary>A finalised extraction is being corrected, or withdrawn (Withdrawn = true, after the study was excluded): the synthesis drops it until the next ExtractionFinalized.</summary>
public sealed record ExtractionReopened : IntegrationEvent
{
    public required Guid StudyId { get; init; }

    public required int Revision { get; init; }

    public required string Reason { get; init; }

    public bool Withdrawn { get; init; }
}
