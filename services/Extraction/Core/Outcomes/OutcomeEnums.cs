namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>Whether a larger value means the animals or patients are better off.</summary>
public enum OutcomeDirection
{
    HigherIsBetter,
    HigherIsWorse,
}

public enum OutcomeDataType
{
    Continuous,
    Dichotomous,
}

/// <summary>Where in the paper the numbers were read.</summary>
public enum DataSource
{
    Table,
    Text,

    /// <summary>Digitised from a graph: less precise, flagged through to the synthesis and the CSV.</summary>
    Figure,
}

public enum ArmRole
{
    /// <summary>Vehicle / PBS / untreated disease control.</summary>
    Control,
    Treatment,

    /// <summary>Sham-operated or healthy animals (needed for the normalised mean difference).</summary>
    Sham,
}

/// <summary>Which summary statistics the paper gives for an arm; decides which numbers are required.</summary>
public enum ReportedSummary
{
    MeanSd,
    MeanSe,

    /// <summary>Mean with a confidence interval (level in <see cref="ArmOutcomeData.CiLevel"/>, 95% unless said).</summary>
    MeanCi,
    MedianIqr,
    MedianRange,
    MedianIqrRange,
    EventsTotal,
}
