namespace EvSysReview.Extraction.Core.Forms;

/// <summary>
/// An extraction form as published with a protocol version. Entries keep the
/// (<see cref="FormId"/>, <see cref="Version"/>) they were made with.
/// </summary>
public sealed record ExtractionForm
{
    public required string FormId { get; init; }

    /// <summary>Increases with each protocol change that touches the form.</summary>
    public required int Version { get; init; }

    public required string Title { get; init; }

    public IReadOnlyList<FieldDefinition> StudyFields { get; init; } = [];

    public OutcomeFormDefinition Outcomes { get; init; } = new();

    public FieldDefinition? FindStudyField(string key) =>
        StudyFields.FirstOrDefault(f => f.Key == key);
}
