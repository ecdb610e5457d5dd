using EvSysReview.RiskOfBias.Core.Rob2;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Tests.Rob2;

public class OverallJudgementProposerTests
{
    private static readonly RiskOfBiasTool Rob2 = ToolCatalogue.BuiltIn.Get(ToolCatalogue.Rob2);
    private static readonly RiskOfBiasTool RobinsI = ToolCatalogue.BuiltIn.Get(ToolCatalogue.RobinsI);

    // Cochrane Handbook v6.3 Table 8.2.b: low if all low; some concerns if any some concerns and
    // none high; high if any high.
    [Theory]
    [InlineData("low low low low low", null, "low", false)]
    [InlineData("low some_concerns low low low", null, "some_concerns", false)]
    [InlineData("low some_concerns some_concerns some_concerns some_concerns", null, "some_concerns", false)]
    [InlineData("low low high low some_concerns", null, "high", false)]
    // The "multiple some concerns" escalation, only when the protocol sets a threshold.
    [InlineData("some_concerns some_concerns low low low", 3, "some_concerns", false)]
    [InlineData("some_concerns some_concerns some_concerns low low", 3, "high", true)]
    [InlineData("some_concerns some_concerns low low low", 2, "high", true)]
    [InlineData("high some_concerns some_concerns some_concerns low", 3, "high", false)]
    public void Rob2_overall_is_the_least_favourable_domain(string domains, int? threshold, string expected, bool escalated)
    {
        var proposal = OverallJudgementProposer.Propose(Rob2, Judgements(Rob2, domains), threshold);

        Assert.Equal(expected, proposal.Judgement);
        Assert.Equal(escalated, proposal.IsEscalated);
    }

    [Fact]
    public void An_escalated_proposal_says_why()
    {
        var proposal = OverallJudgementProposer.Propose(Rob2, Judgements(Rob2, "some_concerns some_concerns some_concerns low low"), 3);

        Assert.Equal("3 domains some_concerns (threshold 3) → high; confirm or override with a reason", proposal.Rule);
    }

    // Sterne et al. 2016 (ROBINS-I) Table 3: overall = most severe domain; "no information" only
    // when no domain is serious or critical.
    [Theory]
    [InlineData("low low low low low low low", "low")]
    [InlineData("low moderate low low moderate low low", "moderate")]
    [InlineData("low moderate no_information low low low low", "no_information")]
    [InlineData("low moderate no_information serious low low low", "serious")]
    [InlineData("critical moderate no_information serious low low low", "critical")]
    public void Robins_i_overall_is_the_most_severe_domain_with_no_information_below_serious(string domains, string expected)
    {
        Assert.Equal(expected, OverallJudgementProposer.Propose(RobinsI, Judgements(RobinsI, domains)).Judgement);
    }

    [Fact]
    public void No_overall_while_a_domain_is_unjudged()
    {
        var judgements = Judgements(Rob2, "low low low low low");
        judgements["D4"] = null;

        var proposal = OverallJudgementProposer.Propose(Rob2, judgements);

        Assert.Null(proposal.Judgement);
        Assert.Equal("waiting for D4", proposal.Rule);
    }

    private static Dictionary<string, string?> Judgements(RiskOfBiasTool tool, string judgements) =>
        tool.Domains.Zip(judgements.Split(' ')).ToDictionary(p => p.First.Id, p => (string?)p.Second);
}
