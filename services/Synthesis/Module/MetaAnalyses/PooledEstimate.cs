using System.Text.Json.Serialization;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.MetaAnalyses;

/// <summary>
/// A pooled estimate as the API returns it. The JSON names are fixed by the public contract
/// (integrators rely on them), so they are spelt out rather than left to a naming policy: zval or
/// tval (with df) by test, tau2CiLower/Upper null under FE, weights in percent.
/// </summary>
public sealed record PooledEstimate
{
    [JsonPropertyName("measure")] public required string Measure { get; init; }
    [JsonPropertyName("method")] public required string Method { get; init; }
    [JsonPropertyName("test")] public required string Test { get; init; }
    [JsonPropertyName("level")] public required double Level { get; init; }
    [JsonPropertyName("k")] public required int K { get; init; }
    [JsonPropertyName("estimate")] public required double Estimate { get; init; }
    [JsonPropertyName("se")] public required double Se { get; init; }
    [JsonPropertyName("ciLower")] public required double CiLower { get; init; }
    [JsonPropertyName("ciUpper")] public required double CiUpper { get; init; }
    [JsonPropertyName("zval"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? ZVal { get; init; }
    [JsonPropertyName("tval"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? TVal { get; init; }
    [JsonPropertyName("df"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Df { get; init; }
    [JsonPropertyName("pval")] public required double PVal { get; init; }
    [JsonPropertyName("tau2")] public required double Tau2 { get; init; }
    [JsonPropertyName("tau2CiLower")] public double? Tau2CiLower { get; init; }
    [JsonPropertyName("tau2CiUpper")] public double? Tau2CiUpper { get; init; }
    [JsonPropertyName("tau")] public required double Tau { get; init; }
    [JsonPropertyName("i2")] public required double I2 { get; init; }
    [JsonPropertyName("h2")] public required double H2 { get; init; }
    [JsonPropertyName("q")] public required double Q { get; init; }
    [JsonPropertyName("qDf")] public required int QDf { get; init; }
    [JsonPropertyName("qp")] public required double QP { get; init; }
    [JsonPropertyName("piLower")] public required double PiLower { get; init; }
    [JsonPropertyName("piUpper")] public required double PiUpper { get; init; }
    [JsonPropertyName("iterations")] public required int Iterations { get; init; }
    /// <summary>True when the fit only converged on the retry with half steps (stepadj = 0.5).</summary>
    [JsonPropertyName("halvedSteps")] public bool HalvedSteps { get; init; }
    [JsonPropertyName("studies")] public required IReadOnlyList<WeightedStudy> Studies { get; init; }
    [JsonPropertyName("moderation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ModerationResult? Moderation { get; init; }

    public static PooledEstimate From(MetaAnalysisResult r, string measure, bool halvedSteps) => new()
    {
        Measure = measure,
        Method = r.Method.ToString(),
        Test = ModelSettings.TestName(r.KnappHartung),
        Level = r.Level * 100,
        K = r.K,
        Estimate = r.Estimate,
        Se = r.Se,
        CiLower = r.CiLower,
        CiUpper = r.CiUpper,
        ZVal = r.ZVal,
        TVal = r.TVal,
        Df = r.Df,
        PVal = r.PVal,
        Tau2 = r.Tau2,
        Tau2CiLower = r.Tau2CiLower,
        Tau2CiUpper = r.Tau2CiUpper,
        Tau = r.Tau,
        I2 = r.I2,
        H2 = r.H2,
        Q = r.Q,
        QDf = r.QDf,
        QP = r.QP,
        PiLower = r.PiLower,
        PiUpper = r.PiUpper,
        Iterations = r.Iterations,
        HalvedSteps = halvedSteps,
        Studies = r.Studies.Select(s => new WeightedStudy(s.Label, s.Yi, s.Vi, s.Weight)).ToList(),
    };
}

/// <summary>One study's effect size, sampling variance and weight (percent of the total).</summary>
public sealed record WeightedStudy(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("yi")] double Yi,
    [property: JsonPropertyName("vi")] double Vi,
    [property: JsonPropertyName("weight")] double Weight);
