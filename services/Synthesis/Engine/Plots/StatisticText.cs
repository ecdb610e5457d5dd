using System.Globalization;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>The text lines printed under pooled estimates.</summary>
internal static class StatisticText
{
    public static string Heterogeneity(MetaAnalysisResult r) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Heterogeneity: τ² = {r.Tau2:0.####}, I² = {r.I2:0.#}%, Q = {r.Q:0.##} (df = {r.QDf}, {PValue(r.QP)})");

    public static string PValue(double p) =>
        p < 0.001 ? "p < 0.001" : string.Create(CultureInfo.InvariantCulture, $"p = {p:0.###}");

    public static string ModelName(MetaAnalysisResult r) =>
        r.Method == Tau2Method.FE ? "Fixed-effect model" : $"Random-effects model ({r.Method}{(r.KnappHartung ? ", Knapp–Hartung" : "")})";
}
