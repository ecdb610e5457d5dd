namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// One recomputation whose analyses differ from the previous version's. Never changed after it is
/// written, so every version stays readable and any two can be compared.
/// </summary>
public sealed record SynthesisVersion
{
    public const string Collection = "synthesis-versions";

    public required Guid ProjectId { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The events that led to this version (type, id and study), oldest first.</summary>
    public required string Cause { get; init; }

    /// <summary>What changed since the previous version, in sentences (also in SynthesisUpdated).</summary>
    public required IReadOnlyList<string> Summary { get; init; }

    public required string Fingerprint { get; init; }

    public int ProtocolVersion { get; init; }

    public required IReadOnlyList<Analysis> Analyses { get; init; }

    // Zero-padded so the store's id order is version order.
    public static string Key(Guid projectId, int version) => $"{projectId:N}:{version:D8}";
}

/// <summary>Points at a project's latest version; its store version guards against two writers making the same number.</summary>
public sealed record CurrentSynthesis(Guid ProjectId, int Version, string Fingerprint)
{
    public const string Collection = "synthesis-current";

    public static string Key(Guid projectId) => projectId.ToString("N");
}
