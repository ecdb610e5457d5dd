namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>
/// A domain (RoB 2, ROBINS-I) or item (SYRCLE). With an <see cref="Algorithm"/> the judgement is
/// proposed from answers; with one question and the tool's answer mapping it follows the answer;
/// with neither (ROBINS-I here) the assessor states the judgement directly.
/// </summary>
public sealed record ToolDomain(
    string Id,
    string ShortName,
    string Name,
    IReadOnlyList<SignallingQuestion> Questions,
    IReadOnlyList<DecisionTable> Algorithm)
{
    public bool HasAlgorithm => Algorithm.Count > 0;
}
