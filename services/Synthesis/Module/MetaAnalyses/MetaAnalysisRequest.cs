using System.Text.Json;

namespace EvSysReview.Synthesis.MetaAnalyses;

/// <summary>
/// Body of POST /api/synthesis/meta-analyses (docs/synthesis.md). Measure, method and test are
/// metafor's names; level is a percentage (95) or a fraction (0.95), as rma(level=) accepts.
/// Moderators: name → one value per study, all numbers (continuous) or all strings (categorical).
/// </summary>
public sealed record MetaAnalysisRequest
{
    public string? Measure { get; init; }

    public string? Method { get; init; }

    public string? Test { get; init; }

    public double? Level { get; init; }

    public IReadOnlyList<StudyInput?>? Studies { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? Moderators { get; init; }
}

/// <summary>
/// One study in one of three shapes: yi/vi (measure GEN), two-arm means (m1i, sd1i, n1i, m2i, sd2i,
/// n2i; shamMean for NMD) or a 2×2 table (ai, bi, ci, di). Arm 1 is treatment, as in escalc().
/// </summary>
public sealed record StudyInput
{
    public string? Label { get; init; }

    public double? Yi { get; init; }

    public double? Vi { get; init; }

    public double? M1i { get; init; }

    public double? Sd1i { get; init; }

    public double? N1i { get; init; }

    public double? M2i { get; init; }

    public double? Sd2i { get; init; }

    public double? N2i { get; init; }

    public double? ShamMean { get; init; }

    public double? Ai { get; init; }

    public double? Bi { get; init; }

    public double? Ci { get; init; }

    public double? Di { get; init; }
}
