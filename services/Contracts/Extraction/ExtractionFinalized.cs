namespace EvSysReview.Contracts.Extraction;

/// <summary>
/// A study's consensus extraction, final. Revision counts finalisations of the study (a corrected
/// extraction is a higher revision); consumers keep the highest. Outcomes are ready for the
/// meta-analysis: conversions and the shared-control split are already applied.
/// </summary>
public sealed record ExtractionFinalized : IntegrationEvent
{
    public required Guid StudyId { get; init; }

    public required int Revision { get; init; }

    public required string StudyLabel { get; init; }

    public int? Year { get; init; }

    /// <summary>Study-level fields by key (disease, mscSource, route, isolationMethod, ...), as text, for subgroups and moderators.</summary>
    public required IReadOnlyDictionary<string, string> StudyFields { get; init; }

    public required IReadOnlyList<OutcomeComparisonData> Outcomes { get; init; }
}

public sealed record OutcomeComparisonData
{
    public required string Key { get; init; }

    public required string Outcome { get; init; }

    public string? TimePoint { get; init; }

    public string? Comparison { get; init; }

    /// <summary>"higher-is-better" or "higher-is-worse".</summary>
    public string? Direction { get; init; }

    public string? Unit { get; init; }

    public required ArmData Treatment { get; init; }

    public required ArmData Control { get; init; }

    public bool SharedControl { get; init; }

    public bool FromFigure { get; init; }

    public bool Converted { get; init; }
}

/// <summary>Continuous (Mean, Sd, N) or dichotomous (Events, N) arm data after conversions.</summary>
public sealed record ArmData(double? Mean, double? Sd, double N, double? Events);
