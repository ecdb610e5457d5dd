namespace EvSysReview.Contracts.RiskOfBias;

/// <summary>A study's consensus risk-of-bias judgements for one tool. Revision as for extraction.</summary>
public sealed record RiskOfBiasAssessed : IntegrationEvent
{
    public required Guid StudyId { get; init; }

    public required int Revision { get; init; }

    /// <summary>"syrcle", "rob2" or "robins-i".</summary>
    public required string Tool { get; init; }

    /// <summary>
    /// Domain id → judgement ("low", "high", "unclear", "some-concerns", "moderate", ...): the one the
    /// assessment was finalised with, for every domain of the tool (never null).
    /// </summary>
    public required IReadOnlyDictionary<string, string> Domains { get; init; }

    /// <summary>Null for tools without an overall judgement (SYRCLE).</summary>
    public string? Overall { get; init; }

    /// <summary>True when the study counts as high risk for the protocol's sensitivity analysis.</summary>
    public required bool HighRisk { get; init; }
}
