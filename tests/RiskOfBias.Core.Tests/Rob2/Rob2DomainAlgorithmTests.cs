using EvSysReview.RiskOfBias.Core.Rob2;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Tests.Rob2;

public class Rob2DomainAlgorithmTests
{
    private static readonly RiskOfBiasTool Rob2 = ToolCatalogue.BuiltIn.Get(ToolCatalogue.Rob2);

    public static TheoryData<string> DomainIds => new() { "D1", "D2", "D3", "D4", "D5" };

    [Theory]
    [MemberData(nameof(Rob2DecisionTableCases.All), MemberType = typeof(Rob2DecisionTableCases))]
    public void Proposes_the_judgement_of_the_cited_row(string domainId, string answers, string expected, string rows)
    {
        var proposal = DomainJudgementProposer.Propose(Rob2, Rob2.Domain(domainId), AnswerText.Parse(answers));

        Assert.Equal(expected, proposal.Judgement);
        Assert.Equal(rows.Split(' '), proposal.Basis);
        Assert.Empty(proposal.UnansweredQuestions);
    }

    [Fact]
    public void The_cases_cover_every_row_of_every_domain()
    {
        var covered = Rob2DecisionTableCases.All.Select(c => (string)c[3]).SelectMany(r => r.Split(' ')).ToHashSet();
        var allRows = Rob2.Domains.SelectMany(d => d.Algorithm).SelectMany(t => t.Rows).Select(r => r.Id).ToList();

        Assert.Equal(6 + 6 + 3 + 5 + 10 + 4, allRows.Count);
        var uncovered = allRows.Except(covered).ToList();
        Assert.Empty(uncovered);
    }

    // The flattened tables must say what the flowcharts say: for every combination of answers the
    // guidance allows (NA aside), exactly one row of each table applies.
    [Theory]
    [MemberData(nameof(DomainIds))]
    public void Exactly_one_row_matches_every_answer_combination(string domainId)
    {
        var domain = Rob2.Domain(domainId);
        var combinations = AllCombinations(domain).ToList();

        foreach (var table in domain.Algorithm)
        {
            foreach (var answers in combinations)
            {
                var matching = table.Rows.Where(r => r.Matches(answers)).Select(r => r.Id).ToList();
                Assert.True(matching.Count == 1, $"{table.Part}: {Describe(answers)} matched [{string.Join(", ", matching)}]");
            }
        }
    }

    // "Y and PY are treated alike, N and PN alike" (guidance, section 1.3): swapping within a pair
    // never changes the proposal, checked over every combination.
    [Theory]
    [MemberData(nameof(DomainIds))]
    public void Probably_answers_count_as_definite_answers(string domainId)
    {
        var domain = Rob2.Domain(domainId);
        foreach (var answers in AllCombinations(domain))
        {
            var definite = answers.ToDictionary(a => a.Key, a => a.Value switch { "PY" => "Y", "PN" => "N", var v => v });
            Assert.Equal(
                DomainJudgementProposer.Propose(Rob2, domain, definite).Judgement,
                DomainJudgementProposer.Propose(Rob2, domain, answers).Judgement);
        }
    }

    [Fact]
    public void The_exhaustive_checks_enumerate_every_combination()
    {
        // 5 non-NA options for each question: D1 has 3 questions, D4 has 5.
        Assert.Equal(125, AllCombinations(Rob2.Domain("D1")).Count());
        Assert.Equal(5 * 5 * 5 * 5 * 5, AllCombinations(Rob2.Domain("D4")).Count());
    }

    [Fact]
    public void Missing_answers_give_no_proposal_and_name_the_next_questions()
    {
        var proposal = DomainJudgementProposer.Propose(Rob2, Rob2.Domain("D1"), AnswerText.Parse("1.1=Y 1.2=Y"));

        Assert.Null(proposal.Judgement);
        Assert.Equal(["1.3"], proposal.UnansweredQuestions);
    }

    // A row can match before every applicable question is answered (1.2 = N alone meets D1.R1):
    // the guidance asks every applicable question, so there is still no proposal (docs/risk-of-bias.md).
    [Theory]
    [InlineData("D1", "1.2=N", "1.1 1.3")]
    [InlineData("D4", "4.1=Y", "4.2")]
    [InlineData("D5", "5.2=Y", "5.1 5.3")]
    public void A_matching_row_with_applicable_questions_unanswered_gives_no_proposal(string domainId, string answers, string unanswered)
    {
        var proposal = DomainJudgementProposer.Propose(Rob2, Rob2.Domain(domainId), AnswerText.Parse(answers));

        Assert.Null(proposal.Judgement);
        Assert.Empty(proposal.Basis);
        Assert.Equal(unanswered.Split(' '), proposal.UnansweredQuestions);
    }

    [Fact]
    public void A_conditional_question_is_only_asked_when_it_applies()
    {
        var unaware = DomainJudgementProposer.Propose(Rob2, Rob2.Domain("D2"), AnswerText.Parse("2.1=N 2.2=N"));
        var aware = DomainJudgementProposer.Propose(Rob2, Rob2.Domain("D2"), AnswerText.Parse("2.1=N 2.2=Y 2.3=NA"));

        Assert.Equal(["2.6"], unaware.UnansweredQuestions);
        Assert.Equal(["2.3", "2.6"], aware.UnansweredQuestions); // NA where the question applies is no answer
    }

    // Non-NA options per question: the answers an assessor can give when the question applies.
    private static IEnumerable<Dictionary<string, string>> AllCombinations(ToolDomain domain)
    {
        IEnumerable<Dictionary<string, string>> partial = [new Dictionary<string, string>()];
        foreach (var question in domain.Questions)
        {
            var options = question.Options.Where(o => o != "NA").ToList();
            partial = partial.SelectMany(p => options.Select(o => new Dictionary<string, string>(p) { [question.Id] = o })).ToList();
        }
        return partial;
    }

    private static string Describe(Dictionary<string, string> answers) =>
        string.Join(' ', answers.Select(a => $"{a.Key}={a.Value}"));
}
