namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>
/// Treatment arm against control arm. Several comparisons may name the same control arm: that
/// control is then shared and its n is split in the synthesis (see <see cref="SharedControlCorrection"/>).
/// </summary>
public sealed record ComparisonDefinition
{
    public required string Id { get; init; }

    public required string TreatmentArmId { get; init; }

    public required string ControlArmId { get; init; }

    public string? Label { get; init; }
}
