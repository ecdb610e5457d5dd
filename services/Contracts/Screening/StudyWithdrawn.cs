namespace EvSysReview.Contracts.Screening;

/// <summary>
/// A study that had been included (StudyIncluded went out) is excluded after the fact, e.g. retracted
/// or excluded at full text after a reopened decision: work on it downstream (extraction, risk of
/// bias) is withdrawn. Sent beside the StudyExcluded of the same exclusion (same CorrelationId),
/// which PRISMA counts. Apart from it because most exclusions are of records never included, and
/// extraction and risk of bias would otherwise receive, read and acknowledge every one of them.
/// </summary>
public sealed record StudyWithdrawn : IntegrationEvent
{
    public required Guid StudyId { get; init; }

    public required string Stage { get; init; }

    public required string Reason { get; init; }
}
