using EvSysReview.Contracts.Extraction;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>
/// The synthesis' own view of one study, kept from other services' events: whether it is included,
/// its current consensus extraction, its risk-of-bias judgement and whether it was retracted. Each
/// source has its own order key so a late, older event never overwrites a newer one.
/// </summary>
public sealed record EvidenceStudy
{
    public const string Collection = "evidence-studies";

    public required Guid ProjectId { get; init; }

    public required Guid StudyId { get; init; }

    /// <summary>"First author year" from the citation, until the extraction names the study.</summary>
    public string? CitationLabel { get; init; }

    public int? CitationYear { get; init; }

    public bool Included { get; init; }

    /// <summary>When StudyIncluded/StudyExcluded last changed inclusion (they carry no revision; the later one wins).</summary>
    public DateTimeOffset? InclusionChangedAt { get; init; }

    /// <summary>2 × revision, + 1 when that revision was reopened: ExtractionReopened(r) follows ExtractionFinalized(r) and precedes r + 1.</summary>
    public int ExtractionOrder { get; init; }

    /// <summary>The finalised extraction in force; null while reopened or withdrawn.</summary>
    public ExtractedData? Extraction { get; init; }

    /// <summary>Same scheme as ExtractionOrder, for RiskOfBiasAssessed/Reopened.</summary>
    public int RiskOfBiasOrder { get; init; }

    /// <summary>Null while not assessed (or reopened): such a study stays in the sensitivity analysis.</summary>
    public bool? HighRisk { get; init; }

    public string? RiskOfBiasOverall { get; init; }

    public bool Retracted { get; init; }

    public static string Key(Guid projectId, Guid studyId) => $"{projectId:N}:{studyId:N}";

    public static EvidenceStudy New(Guid projectId, Guid studyId) => new() { ProjectId = projectId, StudyId = studyId };

    public static int Order(int revision, bool reopened) => 2 * revision + (reopened ? 1 : 0);

    public string Label => Extraction?.StudyLabel ?? CitationLabel ?? $"Study {StudyId.ToString()[..8]}";

    public int? Year => Extraction?.Year ?? CitationYear;
}

/// <summary>What ExtractionFinalized carried: study-level fields (for subgroups) and outcome comparisons.</summary>
public sealed record ExtractedData(
    int Revision,
    string StudyLabel,
    int? Year,
    IReadOnlyDictionary<string, string> StudyFields,
    IReadOnlyList<OutcomeComparisonData> Outcomes);
