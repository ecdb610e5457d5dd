namespace EvSysReview.Contracts.Reviews;

/// <summary>A project exists; CreatedBy is its first lead.</summary>
public sealed record ProjectCreated : IntegrationEvent
{
    public required string Title { get; init; }

    public required string CreatedBy { get; init; }

    public string? Template { get; init; }
}
