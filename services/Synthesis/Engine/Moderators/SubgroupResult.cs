using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Moderators;

/// <summary>One subgroup's own pooled analysis.</summary>
public sealed record Subgroup(string Name, MetaAnalysisResult Result);

/// <summary>
/// Subgroup analysis with a separate τ² per subgroup. QBetween is the test for subgroup differences:
/// Cochran's Q of the subgroup estimates weighted by 1/SE², χ² with (groups − 1) df.
/// </summary>
public sealed record SubgroupResult(
    IReadOnlyList<Subgroup> Subgroups,
    MetaAnalysisResult Overall,
    double QBetween,
    int QBetweenDf,
    double QBetweenP);
