using EvSysReview.Contracts.Ingestion;

namespace EvSysReview.Contracts.Screening;

/// <summary>
/// A study passed the last screening stage. StudyId is the citation's RecordId. Carries the
/// citation so extraction, risk of bias and synthesis can label the study without asking.
/// StudyDesign ("animal", "randomised", "non-randomised") picks the risk-of-bias tool.
/// </summary>
public sealed record StudyIncluded : IntegrationEvent
{
    public required Guid StudyId { get; init; }

    public required CitationData Citation { get; init; }

    public string StudyDesign { get; init; } = "animal";
}
