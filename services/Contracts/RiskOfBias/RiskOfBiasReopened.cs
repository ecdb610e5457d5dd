namespace EvSysReview.Contracts.RiskOfBias;

public sealed record RiskOfBiasReopened : IntegrationEvent
{
    public required Guid StudyId { get; init; }

    public required int Revision { get; init; }

    public required string Tool { get; init; }

    public required string Reason { get; init; }

    public bool Withdrawn { get; init; }
}
