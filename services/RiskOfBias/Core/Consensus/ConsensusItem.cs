namespace EvSysReview.RiskOfBias.Core.Consensus;

/// <summary>Keys for what a consensus decides: a question's answer, a domain's judgement, the overall judgement.</summary>
public static class ConsensusItem
{
    public const string Overall = "overall";

    public static string Question(string questionId) => $"question:{questionId}";

    public static string Domain(string domainId) => $"domain:{domainId}";
}
