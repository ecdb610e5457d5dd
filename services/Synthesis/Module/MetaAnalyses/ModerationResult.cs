using System.Text.Json.Serialization;
using EvSysReview.Synthesis.Engine.Moderators;

namespace EvSysReview.Synthesis.MetaAnalyses;

/// <summary>
/// A meta-regression (rma with mods) as the API returns it under "moderation": the coefficients
/// (intercept first, categorical levels as name+level against the first level), the omnibus test
/// of the moderators (QM; an F statistic under knha), residual heterogeneity and R² in percent.
/// </summary>
public sealed record ModerationResult
{
    [JsonPropertyName("k")] public required int K { get; init; }
    [JsonPropertyName("coefficients")] public required IReadOnlyList<CoefficientResult> Coefficients { get; init; }
    [JsonPropertyName("qm")] public required double QM { get; init; }
    [JsonPropertyName("qmDf")] public required int QMDf { get; init; }
    [JsonPropertyName("qmDenominatorDf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? QMDenominatorDf { get; init; }
    [JsonPropertyName("qmp")] public required double QMp { get; init; }
    [JsonPropertyName("qe")] public required double QE { get; init; }
    [JsonPropertyName("qeDf")] public required int QEDf { get; init; }
    [JsonPropertyName("qep")] public required double QEp { get; init; }
    [JsonPropertyName("tau2")] public required double Tau2 { get; init; }
    [JsonPropertyName("tau")] public required double Tau { get; init; }
    [JsonPropertyName("i2")] public required double I2 { get; init; }
    [JsonPropertyName("h2")] public required double H2 { get; init; }
    /// <summary>Null for a fixed-effect fit with as many studies as coefficients (metafor: NA).</summary>
    [JsonPropertyName("r2")] public required double? R2 { get; init; }
    [JsonPropertyName("halvedSteps")] public bool HalvedSteps { get; init; }

    public static ModerationResult From(MetaRegressionResult r, bool halvedSteps) => new()
    {
        K = r.K,
        Coefficients = r.Coefficients.Select(c => new CoefficientResult(c.Name, c.Estimate, c.Se, c.ZVal, c.TVal, c.PVal, c.CiLower, c.CiUpper)).ToList(),
        QM = r.QM,
        QMDf = r.QMDf,
        QMDenominatorDf = r.QMDenominatorDf,
        QMp = r.QMp,
        QE = r.QE,
        QEDf = r.QEDf,
        QEp = r.QEp,
        Tau2 = r.Tau2,
        Tau = r.Tau,
        I2 = r.I2,
        H2 = r.H2,
        R2 = r.R2,
        HalvedSteps = halvedSteps,
    };
}

public sealed record CoefficientResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("estimate")] double Estimate,
    [property: JsonPropertyName("se")] double Se,
    [property: JsonPropertyName("zval"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ZVal,
    [property: JsonPropertyName("tval"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TVal,
    [property: JsonPropertyName("pval")] double PVal,
    [property: JsonPropertyName("ciLower")] double CiLower,
    [property: JsonPropertyName("ciUpper")] double CiUpper);
