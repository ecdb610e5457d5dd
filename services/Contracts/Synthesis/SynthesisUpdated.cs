namespace EvSysReview.Contracts.Synthesis;

/// <summary>A new synthesis version exists; Summary says what changed in words a reader can use.</summary>
public sealed record SynthesisUpdated : IntegrationEvent
{
    public required int Version { get; init; }

    public required IReadOnlyList<string> Summary { get; init; }

    /// <summary>The event that caused the recomputation (its type and id), for tracing "what changed".</summary>
    public string? Cause { get; init; }
}
