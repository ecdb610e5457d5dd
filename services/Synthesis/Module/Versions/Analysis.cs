using System.Text.Json.Serialization;
using EvSysReview.Synthesis.MetaAnalyses;

namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// One outcome's meta-analysis in a synthesis version, as stored and as returned by the API: the
/// studies with their effect sizes (the inputs, so plots of any version can be redrawn), the pooled
/// result (or why there is none), subgroups, the sensitivity analysis and the cumulative steps.
/// </summary>
public sealed record Analysis
{
    /// <summary>The outcome key made URL-safe; stable across versions, so versions can be compared.</summary>
    public required string Id { get; init; }

    public required string Outcome { get; init; }

    public string? Unit { get; init; }

    /// <summary>"continuous" or "dichotomous".</summary>
    public required string DataType { get; init; }

    public required string Measure { get; init; }

    public required string Method { get; init; }

    public required string Test { get; init; }

    public double Level { get; init; } = 95;

    public required IReadOnlyList<AnalysedStudy> Studies { get; init; }

    public PooledEstimate? Result { get; init; }

    public AnalysisError? Error { get; init; }

    public IReadOnlyList<SubgroupSplit> Subgroups { get; init; } = [];

    public SensitivityAnalysis? Sensitivity { get; init; }

    public IReadOnlyList<CumulativeStep> Cumulative { get; init; } = [];

    /// <summary>leave1out(): the model refitted without each row in turn.</summary>
    public IReadOnlyList<LeaveOneOutRow> LeaveOneOut { get; init; } = [];

    /// <summary>regtest(): null below the plan's smallStudyTestsFromK (a note says so).</summary>
    public EggerRegression? Egger { get; init; }

    /// <summary>trimfill(): null below the plan's smallStudyTestsFromK (a note says so).</summary>
    public TrimFill? TrimFill { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    public int StudyCount => Studies.Select(s => s.StudyId).Distinct().Count();
}

/// <param name="Label">The row label: the study's label, plus the comparison when the study gives several rows.</param>
/// <param name="Yi">Effect size as analysed: sign already flipped for higher-is-worse outcomes.</param>
public sealed record AnalysedStudy(
    Guid StudyId,
    string StudyLabel,
    string Label,
    string? Comparison,
    string? TimePoint,
    int? Year,
    double Yi,
    double Vi,
    bool Flipped,
    bool? HighRisk,
    bool Retracted,
    IReadOnlyDictionary<string, string> Fields);

public sealed record AnalysisError(string Kind, string Detail, string? StudyLabel);

public sealed record SubgroupSplit(string Field, IReadOnlyList<SubgroupEstimate> Groups, double? QBetween, int? QBetweenDf, double? QBetweenP, AnalysisError? Error);

public sealed record SubgroupEstimate(string Name, int K, double Estimate, double CiLower, double CiUpper, double Tau2, double I2);

/// <param name="Excluded">Labels of the studies left out (high risk of bias).</param>
public sealed record SensitivityAnalysis(string Rule, IReadOnlyList<string> Excluded, PooledEstimate? Result, string? Note);

/// <summary>The pooled result after adding the study of this step (publication year order).</summary>
public sealed record CumulativeStep(string Label, int? Year, int K, double Estimate, double CiLower, double CiUpper, double I2);

/// <summary>One row of leave1out(): the pooled result without the row <paramref name="Omitted"/> (its label).</summary>
public sealed record LeaveOneOutRow(
    string Omitted,
    int K,
    double Estimate,
    double Se,
    double CiLower,
    double CiUpper,
    [property: JsonPropertyName("pval")] double PVal,
    double Tau2,
    double I2,
    double Q);

/// <summary>
/// regtest(res) with its defaults (model "rma", predictor "sei"): the slope's test statistic
/// (<paramref name="StatisticName"/> zval, or tval with <paramref name="Df"/> under Knapp–Hartung)
/// and the limit estimate, the effect expected as the standard error goes to 0.
/// </summary>
public sealed record EggerRegression(
    string Model,
    string Predictor,
    string StatisticName,
    double Statistic,
    double? Df,
    [property: JsonPropertyName("pval")] double PVal,
    double LimitEstimate,
    double LimitCiLower,
    double LimitCiUpper);

/// <summary>
/// trimfill(res): <paramref name="K0"/> studies estimated missing on <paramref name="Side"/> (left or
/// right), the model refitted to the <paramref name="K"/> observed plus filled studies (test
/// <paramref name="Test"/>: "z" once studies are filled, as metafor refits), and the filled studies.
/// </summary>
public sealed record TrimFill(
    int K0,
    double SeK0,
    string Side,
    int K,
    double Estimate,
    double Se,
    double CiLower,
    double CiUpper,
    double Tau2,
    string Test,
    IReadOnlyList<FilledStudy> Filled);

public sealed record FilledStudy(double Yi, double Vi);
