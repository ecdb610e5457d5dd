namespace EvSysReview.Screening.Core.Decisions;

/// <summary>The citation was retracted (CitationRetracted). Only a lead can override it, with a note.</summary>
public sealed record Retraction(DateTimeOffset FlaggedAt, RetractionOverride? Override)
{
    public bool IsActive => Override is null;
}

public sealed record RetractionOverride(string LeadId, string Note, DateTimeOffset OverriddenAt);
