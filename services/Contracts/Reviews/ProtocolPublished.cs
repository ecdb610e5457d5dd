namespace EvSysReview.Contracts.Reviews;

/// <summary>
/// A new, immutable protocol version. Protocol is the whole protocol document as JSON (camelCase),
/// so consumers read the parts they need without a shared domain type.
/// </summary>
public sealed record ProtocolPublished : IntegrationEvent
{
    public required int Version { get; init; }

    public required string Protocol { get; init; }

    public string? AmendmentNote { get; init; }
}
