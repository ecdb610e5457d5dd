namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>A group of animals or patients in the study, defined once and referenced by id.</summary>
public sealed record ArmDefinition
{
    public required string Id { get; init; }

    public required string Label { get; init; }

    public required ArmRole Role { get; init; }
}
