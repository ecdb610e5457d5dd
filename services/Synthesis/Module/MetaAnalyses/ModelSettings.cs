using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.MetaAnalyses;

/// <summary>
/// The names the API (and the protocol's synthesisPlan) use for measures, estimators and tests,
/// read into engine settings. GEN (generic) means yi and vi are given: no effect size to compute.
/// </summary>
public static class ModelSettings
{
    public const string Generic = "GEN";

    public static readonly string[] Measures = ["SMD", "MD", "ROM", "NMD", "RR", "OR", "RD", Generic];

    public static readonly string[] Methods = [.. Enum.GetNames<Tau2Method>()];

    public static readonly string[] Tests = ["z", "knha"];

    public static bool IsContinuous(EffectMeasure measure) => measure is EffectMeasure.SMD or EffectMeasure.MD or EffectMeasure.ROM or EffectMeasure.NMD;

    /// <returns>The engine measure, null for GEN; false when the name is unknown.</returns>
    public static bool TryMeasure(string? name, out EffectMeasure? measure)
    {
        measure = null;
        var text = (name ?? Generic).Trim().ToUpperInvariant();
        if (text == Generic) return true;
        if (!Enum.TryParse<EffectMeasure>(text, out var parsed) || !Enum.IsDefined(parsed)) return false;
        measure = parsed;
        return true;
    }

    public static bool TryMethod(string? name, out Tau2Method method)
    {
        method = Tau2Method.REML;
        var text = (name ?? "REML").Trim().ToUpperInvariant();
        return Methods.Contains(text) && Enum.TryParse(text, out method);
    }

    public static bool TryTest(string? name, out bool knappHartung)
    {
        var text = (name ?? "z").Trim().ToLowerInvariant();
        knappHartung = text == "knha";
        return Tests.Contains(text);
    }

    /// <summary>rma(level=): 95 and 0.95 mean the same; anything outside (0, 100) is refused.</summary>
    public static bool TryLevel(double? level, out double fraction)
    {
        var value = level ?? 95;
        fraction = value > 1 ? value / 100 : value;
        return double.IsFinite(value) && fraction > 0 && fraction < 1;
    }

    public static string TestName(bool knappHartung) => knappHartung ? "knha" : "z";
}
