using System.Text.Json;

namespace EvSysReview.Reviews.Protocols;

/// <summary>
/// A review protocol. Published versions never change; an amendment is a new version. Parts other
/// services own the meaning of (the extraction form, the synthesis plan) are kept as JSON so the
/// reviews service stores and versions them without depending on those services' types.
/// </summary>
public sealed record Protocol
{
    public required Pico Question { get; init; }

    public required Eligibility Eligibility { get; init; }

    public required IReadOnlyList<string> ExclusionReasons { get; init; }

    public required HighlightTerms HighlightTerms { get; init; }

    public required ScreeningSettings Screening { get; init; }

    /// <summary>Study design → risk-of-bias tool id (syrcle, rob2, robins-i).</summary>
    public required IReadOnlyDictionary<string, string> RiskOfBiasTools { get; init; }

    public string? SavedSearch { get; init; }

    public JsonElement? ExtractionForm { get; init; }

    public JsonElement? SynthesisPlan { get; init; }
}

public sealed record Pico(string Population, string Intervention, string Comparator, IReadOnlyList<string> Outcomes);

public sealed record Eligibility(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude);

public sealed record HighlightTerms(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude);

/// <param name="ReviewersPerRecord">1 or 2.</param>
/// <param name="Blinded">While an item is open, reviewers do not see each other's decisions.</param>
/// <param name="FullTextStage">Title/abstract includes go on to a full-text stage.</param>
/// <remarks>
/// The switches are nullable only so a body that leaves one out is told so: a plain bool would read
/// a missing "blinded" as false and quietly unblind the review. Validation refuses null, so every
/// stored and published protocol still carries true or false.
/// </remarks>
public sealed record ScreeningSettings(int ReviewersPerRecord, bool? Blinded, bool? FullTextStage);

/// <summary>One published version, with who published it and why it was amended.</summary>
public sealed record ProtocolVersion(int Version, Protocol Protocol, string PublishedBy, DateTimeOffset PublishedAt, string? AmendmentNote);
